package trace

import (
	"fmt"
	"testing"
	"unsafe"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The cache of lines (packed.lines) changes no answer of packed.line: every line
// gets the table's string and number that the table alone gives, equal lines one
// string, whether the line is new, found in the cache, or pushed out of it by
// another line of the same place.
func TestLineCacheAnswersAsTheTable(t *testing.T) {
	many := make([]string, 0, 20_000) // more than the cache has places: they collide
	for i := range cap(many) {
		many = append(many, fmt.Sprintf("250 2.0.0 Ok: queued as %08X", i))
	}
	tests := []struct {
		name  string
		lines []string
	}{
		{"one line again and again", []string{"250 2.1.5 Ok", "250 2.1.5 Ok", "250 2.1.5 Ok"}},
		{"lines of every length to 17", []string{"", "Q", "QU", "QUIT", "DATA", "RSET", "250 DSN", "250-8BITMIME", "250 2.1.5 Ok", "250 2.0.0 Bye", "221 2.0.0 Bye!!", "250-PIPELINING", "250-SIZE 10240000"}},
		{"lines that differ in one octet", []string{"RCPT TO:<u1@d07.example>", "RCPT TO:<u1@d08.example>", "RCPT TO:<u1@d07.example>", "RCPT TO:<u2@d07.example>"}},
		{"more distinct lines than places, twice", append(many, many...)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var cached packed
			table := map[string]uint32{} // the table alone: each new string gets the next number
			first := map[string]string{} // the string each line got first
			for _, l := range tt.lines {
				buf := []byte(l) // a buffer of the caller's, as the world's
				got := cached.line(buf)
				require.Equal(t, l, got)
				id, ok := table[l]
				if !ok {
					id = uint32(len(table))
					table[l] = id
					first[l] = got
				}
				assert.Equal(t, id, cached.ids[got], "the number of %q", l)
				assert.Same(t, unsafe.StringData(first[l]), unsafe.StringData(got), "one string for %q", l)
				if l != "" {
					buf[0] ^= 0xff // the buffer is the caller's again: the trace kept a copy
					assert.Equal(t, l, got)
				}
			}
			assert.Len(t, cached.strs, len(table))
		})
	}
}

// A list gives back each value at the place add returned, across its pieces, and a
// value set through at stays set.
func TestListKeepsPlaces(t *testing.T) {
	for _, n := range []int{0, 1, listSize - 1, listSize, listSize + 1, 3*listSize + 7} {
		t.Run(fmt.Sprint(n), func(t *testing.T) {
			var l list[string]
			for i := range n {
				require.Equal(t, i, l.add(fmt.Sprint("v", i)))
			}
			for i := range n {
				require.Equal(t, fmt.Sprint("v", i), *l.at(uint64(i)))
			}
			if n == 0 {
				assert.Empty(t, l.pieces)
				return
			}
			*l.at(uint64(n - 1)) = "set"
			assert.Equal(t, "set", *l.at(uint64(n - 1)))
			for i, p := range l.pieces[1:] {
				assert.Equal(t, listSize, cap(p), "piece %d is made at its size", i+1)
			}
		})
	}
}
