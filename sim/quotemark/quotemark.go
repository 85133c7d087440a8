// Package quotemark quotes values as the language of the text around them does. Go's
// %q writes "…", as English text quotes a value; German text quotes „…“. The problems
// of the files teachers write keep Go's formats, %q and all, in every language (a
// translation has the same verbs as its English format), and their arguments are
// wrapped (Args) for the language they are said in. The page's own words need no
// wrapping: their German templates write „%s“.
package quotemark

import (
	"fmt"
	"io"
	"reflect"
	"strconv"
	"strings"
)

// Args returns args as they are formatted in lang: in German every string (of any
// string type), and every value that says itself as one (fmt.Stringer), formats with %q as „…“ — with Go's
// escapes for what cannot be seen (a tab stays \t), but a double quote as itself —
// and with any other verb as the string it is. In any other language args are returned as they
// are.
func Args(lang string, args []any) []any {
	if lang != "de" {
		return args
	}
	out := make([]any, len(args))
	for i, a := range args {
		switch v := a.(type) {
		case string:
			a = german(v)
		case fmt.Formatter:
			// It formats itself.
		case fmt.Stringer:
			if s, ok := said(v); ok {
				a = german(s)
			}
		default:
			if r := reflect.ValueOf(a); r.Kind() == reflect.String { // a named string type
				a = german(r.String())
			}
		}
		out[i] = a
	}
	return out
}

// german is a string that %q quotes „…“.
type german string

// Format writes s with %q as „…“, and as it is with any other verb: the words'
// templates give no widths or flags.
func (s german) Format(f fmt.State, verb rune) {
	if verb != 'q' {
		_, _ = io.WriteString(f, string(s))
		return
	}
	q := strconv.Quote(string(s))
	_, _ = io.WriteString(f, "„"+strings.ReplaceAll(q[1:len(q)-1], `\"`, `"`)+"“")
}

// said is what v says of itself, ok false when String panics (a nil pointer): then
// fmt formats v as it would unwrapped ("<nil>").
func said(v fmt.Stringer) (s string, ok bool) {
	defer func() {
		if recover() != nil {
			ok = false
		}
	}()
	return v.String(), true
}
