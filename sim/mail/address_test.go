package mail

import (
	netmail "net/mail"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

// An address of the plainest kind is taken as it is, without net/mail; it must be
// exactly what net/mail makes of it, and anything else must go to net/mail and the
// checks after it.
func TestPlainAddrSpecIsWhatNetMailParses(t *testing.T) {
	plain := []string{"bob@example.net", "Bob.Smith@Mail.EXAMPLE.net", "o'brien+tag@example.net",
		"a!#$%&'*+-/=?^_`{|}~@x-y.example", "u0@d00.example", "bob@localhost", strings.Repeat("a", 64) + "@example.net"}
	for _, s := range plain {
		assert.True(t, isPlainAddrSpec(s), s)
		want, err := netmail.ParseAddress(s)
		assert.NoError(t, err, s)
		got, err := parseAddress("To", s)
		assert.NoError(t, err, s)
		assert.Equal(t, want, got, s)
		assert.Empty(t, addrSpecProblem(want.Address), s)
	}
	others := []string{strings.Repeat("a", 65) + "@example.net", "a@" + strings.Repeat("b", 256),
		"Bob <bob@example.net>", "<bob@example.net>", " bob@example.net", "bob@example.net (Bob)", "\"bob smith\"@example.net",
		".bob@example.net", "bob.@example.net", "b..ob@example.net", "bob@.example.net", "bob@example.net.", "bob@exa..mple.net",
		"bob@[192.0.2.1]", "bob@exam_ple.net", "bob@", "@example.net", "bob", "bob@x@example.net", "jörg@example.de",
		"bob@exämple.de", ""}
	for _, s := range others {
		assert.False(t, isPlainAddrSpec(s), s)
	}
}

// Whatever the shortcut takes as a plain addr-spec, net/mail must parse to that very
// address, with no display name.
func FuzzPlainAddrSpec(f *testing.F) {
	for _, s := range []string{"bob@example.net", "o'brien+tag@example.net", "bob@exam_ple.net", "a.b@c", "\"a\"@b.example", "bob@.x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if !isPlainAddrSpec(s) {
			return
		}
		a, err := netmail.ParseAddress(s)
		if assert.NoError(t, err, s) {
			assert.Equal(t, &netmail.Address{Address: s}, a, s)
		}
	})
}
