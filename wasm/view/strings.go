package view

import (
	"embed"
	"fmt"
	"sync"

	"go.yaml.in/yaml/v3"
)

//go:embed ui.*.yaml
var uiFiles embed.FS

var (
	uiOnce    sync.Once
	uiStrings map[string]map[string]string
	uiErr     error
)

// LoadStrings reads the page's words in every language; a test makes sure it works.
func LoadStrings() error {
	uiOnce.Do(func() {
		uiStrings = map[string]map[string]string{}
		for _, lang := range []string{"en", "de"} {
			src, err := uiFiles.ReadFile("ui." + lang + ".yaml")
			if err != nil {
				uiErr = err
				return
			}
			m := map[string]string{}
			if err := yaml.Unmarshal(src, &m); err != nil {
				uiErr = fmt.Errorf("ui.%s.yaml: %w", lang, err)
				return
			}
			uiStrings[lang] = m
		}
	})
	return uiErr
}

// T returns the page text for key in lang, formatted with args; English when the
// language lacks it, and the key itself when nobody has it.
func T(lang, key string, args ...any) string {
	_ = LoadStrings()
	s, ok := uiStrings[lang][key]
	if !ok {
		if s, ok = uiStrings["en"][key]; !ok {
			return key
		}
	}
	if len(args) > 0 {
		return fmt.Sprintf(s, args...)
	}
	return s
}

// Keys lists the keys of a language, for tests.
func Keys(lang string) []string {
	_ = LoadStrings()
	var out []string
	for k := range uiStrings[lang] {
		out = append(out, k)
	}
	return out
}
