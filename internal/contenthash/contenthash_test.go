package contenthash_test

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"smtpsim/internal/contenthash"
)

// TestOf: the first twelve hex digits of the SHA-256 (FIPS 180-4 test vector "abc").
func TestOf(t *testing.T) {
	assert.Equal(t, "ba7816bf8f01", contenthash.Of([]byte("abc")))
	assert.Len(t, contenthash.Of(nil), contenthash.Len)
}
