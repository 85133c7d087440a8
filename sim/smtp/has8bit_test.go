package smtp

import (
	"bytes"
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestHas8bit: an octet above 127 is found wherever it is, in a word read eight
// octets at a time or in the tail after the last whole word, and 127 is not one.
func TestHas8bit(t *testing.T) {
	for n := range 20 {
		plain := bytes.Repeat([]byte{0x7f}, n)
		assert.False(t, has8bit(plain), "%d octets of 127", n)
		for at := range n {
			for _, high := range []byte{0x80, 0xc3, 0xff} {
				data := bytes.Clone(plain)
				data[at] = high
				assert.True(t, has8bit(data), "%#x at %d of %d", high, at, n)
			}
		}
	}
}
