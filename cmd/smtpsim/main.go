// Command smtpsim is the simulator's one native program: it serves the web app, runs
// lessons and scenarios headless, lists and checks lessons, and runs the protocol
// engines on real sockets (bridge).
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
)

const usage = `usage: smtpsim <command> [flags]

commands:
  bridge     run the SMTP, submission, POP3 and IMAP engines on loopback sockets
  serve      serve the built web app (make site) with the right headers
  site       build the deployable site: hashed names, .br and .gz copies
  run        run a lesson or scenario headless: a handout or transcript (text) or JSON Lines
  validate   check scenario files: FILE:LINE:COL: what is wrong
  lessons    list the lessons: id and title
  guide      print the teacher's guide: plans, misconceptions, printing (text or html)
  export     export a run: transcript, JSON Lines, a message (.eml), the diagram (.svg), a capture (.pcap)

Run "smtpsim <command> -h" for the flags of a command.
`

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// run executes one command line and returns the exit status: 0 ok, 1 failure, 2 usage.
func run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return 2
	}
	var err error
	switch args[0] {
	case "bridge":
		err = bridgeCommand(args[1:], stdout, stderr)
	case "run":
		err = runCommand(args[1:], stdout, stderr)
	case "validate":
		err = validateCommand(args[1:], stdout, stderr)
	case "lessons":
		err = lessonsCommand(args[1:], stdout, stderr)
	case "serve", "site":
		err = webCommand(args[0], args[1:], stdout, stderr)
	case "export":
		err = exportCommand(args[1:], stdout, stderr)
	case "guide":
		err = guideCommand(args[1:], stdout, stderr)
	case "-h", "-help", "--help", "help":
		fmt.Fprint(stdout, usage)
		return 0
	default:
		fmt.Fprintf(stderr, "smtpsim: unknown command %q\n\n%s", args[0], usage)
		return 2
	}
	switch {
	case errors.Is(err, flag.ErrHelp):
		return 0
	case errors.Is(err, errSilent):
		return 1
	case errors.As(err, new(usageError)):
		fmt.Fprintf(stderr, "smtpsim %s: %v\n", args[0], err)
		return 2
	case err != nil:
		fmt.Fprintf(stderr, "smtpsim %s: %v\n", args[0], err)
		return 1
	}
	return 0
}

// usageError is a mistake in the command line rather than a failure while running.
type usageError struct{ error }

// parseFlags parses a command's flags; a bad flag is a usage error (the flag package
// has already printed what is wrong and the usage).
func parseFlags(fs *flag.FlagSet, args []string) error {
	err := fs.Parse(args)
	if err != nil && !errors.Is(err, flag.ErrHelp) {
		return usageError{err}
	}
	return err
}
