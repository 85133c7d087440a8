package smallbrotli_test

import (
	"bytes"
	"fmt"
	"io"
	"math/rand/v2"
	"testing"

	"github.com/andybalholm/brotli"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"smtpsim/internal/smallbrotli"
)

// TestCompress: what Compress gives decodes to the data, and is no larger than the
// data compressed in any of the windows alone.
func TestCompress(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	var text bytes.Buffer
	for i := range 20000 {
		fmt.Fprintf(&text, "line %d of %d: %x\n", i, r.IntN(50), r.Uint32()%4096)
	}
	for _, data := range [][]byte{nil, []byte("hello"), text.Bytes()} {
		got, err := smallbrotli.Compress(data, 5)
		require.NoError(t, err)
		back, err := io.ReadAll(brotli.NewReader(bytes.NewReader(got)))
		require.NoError(t, err)
		assert.Equal(t, string(data), string(back))
		for _, lgwin := range smallbrotli.Windows {
			var one bytes.Buffer
			w := brotli.NewWriterOptions(&one, brotli.WriterOptions{Quality: 5, LGWin: lgwin})
			_, err := w.Write(data)
			require.NoError(t, err)
			require.NoError(t, w.Close())
			assert.LessOrEqual(t, len(got), one.Len(), "window %d", lgwin)
		}
	}
}
