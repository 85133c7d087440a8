package ownfile_test

import (
	"bytes"
	"compress/flate"
	"encoding/base64"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"smtpsim/lessons"
	"smtpsim/sim/budget"
	"smtpsim/wasm/author/ownfile"
)

// deflated is data deflated and base64url, as a link would carry it, however long.
func deflated(t *testing.T, data []byte) string {
	t.Helper()
	var z bytes.Buffer
	w, err := flate.NewWriter(&z, flate.BestCompression)
	require.NoError(t, err)
	_, err = w.Write(data)
	require.NoError(t, err)
	require.NoError(t, w.Close())
	return base64.RawURLEncoding.EncodeToString(z.Bytes())
}

// scenarioFile is a scenario file of the course, as a teacher would pick it.
func scenarioFile(t *testing.T, name string) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("..", "..", "..", "lessons", "scenarios", name))
	require.NoError(t, err)
	return data
}

// TestUnpack: what Pack packs unpacks to the same octets; a part too long for a link,
// not base64url, not a deflate stream, or past the file budget once unpacked is
// refused, and says why.
func TestUnpack(t *testing.T) {
	small := scenarioFile(t, "first-mail.yaml")
	packed := ownfile.Pack(small)
	require.NotEmpty(t, packed)
	require.LessOrEqual(t, len(packed), ownfile.LinkChars)
	bomb := deflated(t, make([]byte, budget.FileBytes+1))
	require.LessOrEqual(t, len(bomb), ownfile.LinkChars, "a bomb fits a link")
	for _, tt := range []struct {
		name   string
		packed string
		want   []byte
		err    string
	}{
		{"round trip", packed, small, ""},
		{"round trip of nothing", ownfile.Pack(nil), []byte{}, ""},
		{"exactly the file budget", deflated(t, make([]byte, budget.FileBytes)), make([]byte, budget.FileBytes), ""},
		{"too long", strings.Repeat("A", ownfile.LinkChars+1), nil, "longer than 2000 characters"},
		{"bad base64", packed[:10] + "*" + packed[11:], nil, "illegal base64 data"},
		{"padded base64", base64.URLEncoding.EncodeToString([]byte("x")), nil, "illegal base64 data"},
		{"bad deflate", base64.RawURLEncoding.EncodeToString([]byte("name: plain text\n")), nil, "flate"},
		{"cut short", packed[:len(packed)/2], nil, "unexpected EOF"},
		{"too large after inflating", bomb, nil, "more than 1048576 octets"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			data, err := ownfile.Unpack(tt.packed)
			if tt.err != "" {
				assert.ErrorContains(t, err, tt.err)
				assert.Nil(t, data)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.want, data)
		})
	}
}

// TestPackTooLong: a scenario whose packed form is longer than a link may carry is not
// packed; one just short of it is.
func TestPackTooLong(t *testing.T) {
	var b strings.Builder
	for i := 0; ownfile.Pack([]byte(b.String())) != ""; i++ {
		b.WriteString("# " + strconv.Itoa(i*7919%10007) + " " + strconv.Itoa(i*104729%65537) + "\n")
	}
	assert.Empty(t, ownfile.Pack([]byte(b.String())))
	lines := strings.SplitAfter(b.String(), "\n")
	shorter := strings.Join(lines[:len(lines)-2], "")
	assert.NotEmpty(t, ownfile.Pack([]byte(shorter)))
	assert.LessOrEqual(t, len(ownfile.Pack([]byte(shorter))), ownfile.LinkChars)
}

// TestCompile: picked files compile, a scenario packed for its link; the scenario a
// link carries compiles alike, its file unpacked beside it; a link's part that cannot
// be read gives why, and nothing else.
func TestCompile(t *testing.T) {
	data := scenarioFile(t, "first-mail.yaml")
	picked := ownfile.Compile(ownfile.Request{Lang: "en", Files: map[string][]byte{"mine.yaml": data}})
	require.Empty(t, picked.Problems)
	assert.Equal(t, lessons.OwnScenario, picked.Kind)
	assert.Equal(t, "mine.yaml", picked.Name)
	assert.Equal(t, ownfile.Pack(data), picked.Packed)
	assert.Nil(t, picked.File, "the page has the files it picked")
	assert.Empty(t, picked.Link)

	linked := ownfile.Compile(ownfile.Request{Lang: "en", Name: "mine.yaml", Packed: picked.Packed})
	assert.Equal(t, data, linked.File)
	linked.File = nil
	assert.Equal(t, picked, linked, "the link's scenario compiles as the picked file")

	for _, tt := range []struct {
		name   string
		packed string
		link   string
	}{
		{"bad deflate", base64.RawURLEncoding.EncodeToString([]byte("name: plain text\n")), "flate"},
		{"too large after inflating", deflated(t, make([]byte, budget.FileBytes+1)), "more than"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			a := ownfile.Compile(ownfile.Request{Lang: "de", Name: "mine.yaml", Packed: tt.packed})
			assert.Contains(t, a.Link, tt.link)
			a.Link = ""
			assert.Zero(t, a, "nothing besides why")
		})
	}

	// A scenario that does not compile: its problems, in the language asked for, no link.
	bad := ownfile.Compile(ownfile.Request{Lang: "de", Name: "bad.yaml", Packed: ownfile.Pack([]byte("name: [\n"))})
	assert.NotEmpty(t, bad.Problems)
	assert.Empty(t, bad.Packed)
	assert.Empty(t, bad.Kind)
	assert.Equal(t, []byte("name: [\n"), bad.File)
}
