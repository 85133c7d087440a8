package quotemark_test

import (
	"fmt"
	"net/netip"
	"testing"

	"github.com/stretchr/testify/assert"

	"smtpsim/sim/quotemark"
)

type model string

type stringer struct{ s string }

func (v *stringer) String() string { return v.s }

func TestArgs(t *testing.T) {
	addr := netip.MustParseAddr("192.0.2.10")
	tests := []struct {
		lang, format string
		args         []any
		want         string
	}{
		{"de", "Schlüssel %q steht doppelt da", []any{"tls"}, "Schlüssel „tls“ steht doppelt da"},
		{"en", "key %q given twice", []any{"tls"}, `key "tls" given twice`},
		{"de", "%q", []any{`say "hi"` + "\t"}, `„say "hi"\t“`},
		{"de", "%q", []any{"Grüße"}, "„Grüße“"},
		{"de", "%q", []any{""}, "„“"},
		{"de", "%[2]q und %[1]s", []any{"a", "b"}, "„b“ und a"},
		{"de", "%s, %v", []any{"x", "y"}, "x, y"},
		{"de", "%q", []any{addr}, "„192.0.2.10“"},
		{"de", "Modell %q", []any{model("sideways")}, "Modell „sideways“"},
		{"de", "%q", []any{(*stringer)(nil)}, "<nil>"}, // as fmt says a nil pointer whose String panics
		{"de", "Zeichen %q, Zeile %d", []any{'x', 7}, "Zeichen 'x', Zeile 7"},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, fmt.Sprintf(tt.format, quotemark.Args(tt.lang, tt.args)...), "%s %s", tt.lang, tt.format)
	}
}
