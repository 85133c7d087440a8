// Package smallbrotli compresses a file as smtpsim site ships it: with Brotli, in
// the window of 4, 8 or 16 MB that gives the fewest octets. Brotli's output moves by
// a few kilobytes either way with the window for one and the same module (1,295,281,
// 1,292,763 and 1,295,258 octets for one build of main.wasm), and every browser
// decodes any window of the standard format (RFC 7932 allows up to 16 MB), so the
// visitor gets the smallest. cmd/wasmsize measures with it, so that the sizes it
// reports are the ones the site serves.
package smallbrotli

import (
	"bytes"
	"sync"

	"github.com/andybalholm/brotli"
)

// Windows are the window sizes tried, as base-2 logarithms (LGWin).
var Windows = []int{22, 23, 24}

// Compress returns data compressed at quality (0 to 11) in the window of Windows that
// gives the fewest octets (the largest of those that tie); the windows are tried side
// by side.
func Compress(data []byte, quality int) ([]byte, error) {
	out := make([][]byte, len(Windows))
	errs := make([]error, len(Windows))
	var wg sync.WaitGroup
	for i, lgwin := range Windows {
		wg.Go(func() { out[i], errs[i] = compress(data, quality, lgwin) })
	}
	wg.Wait()
	best := -1
	for i := range Windows {
		if errs[i] != nil {
			return nil, errs[i]
		}
		if best < 0 || len(out[i]) <= len(out[best]) {
			best = i
		}
	}
	return out[best], nil
}

func compress(data []byte, quality, lgwin int) ([]byte, error) {
	var buf bytes.Buffer
	w := brotli.NewWriterOptions(&buf, brotli.WriterOptions{Quality: quality, LGWin: lgwin})
	if _, err := w.Write(data); err != nil {
		return nil, err
	}
	if err := w.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
