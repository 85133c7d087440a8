package world

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
)

// A queue id is written as fmt's %04X%04X wrote it, without fmt.
func TestAppendHex4IsFmt(t *testing.T) {
	for _, n := range []uint32{0, 1, 0xf, 0x10, 0xabc, 0xffff, 0x10000, 0x12345678, 0xffffffff} {
		assert.Equal(t, fmt.Sprintf("%04X", n), string(appendHex4(nil, n)), "%d", n)
		assert.Equal(t, fmt.Sprintf("x%04X%04X", n&0xffff, n), string(appendHex4(appendHex4([]byte("x"), n&0xffff), n)), "%d", n)
	}
}
