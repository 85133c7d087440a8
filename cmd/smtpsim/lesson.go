package main

import (
	"flag"
	"fmt"
	"io"
	"strings"

	"smtpsim/lessons"
	"smtpsim/lessons/lessonfile"
)

func lessonsCommand(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("lessons", flag.ContinueOnError)
	fs.SetOutput(stderr)
	lang := fs.String("lang", "en", "language of the titles: en or de")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if err := checkLang(*lang); err != nil {
		return err
	}
	course, err := lessonfile.Course()
	if err != nil {
		return err
	}
	for _, l := range course {
		fmt.Fprintf(stdout, "%s\t%s\n", l.ID, l.Texts[*lang].Title)
	}
	return nil
}

func checkLang(lang string) error {
	for _, l := range lessons.Languages {
		if l == lang {
			return nil
		}
	}
	return usageError{fmt.Errorf("--lang %q: expected %s", lang, strings.Join(lessons.Languages, " or "))}
}
