package main

import (
	"bytes"
	"encoding/binary"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// module is a WebAssembly module of the given sections (id, body), in order.
func module(sections ...[]byte) []byte {
	m := bytes.Clone(header)
	for _, s := range sections {
		m = append(m, s[0])
		m = binary.AppendUvarint(m, uint64(len(s)-1))
		m = append(m, s[1:]...)
	}
	return m
}

// section is a section with id and body.
func section(id byte, body []byte) []byte { return append([]byte{id}, body...) }

// image is the memory a module starts with: each octet its data segments write, by
// address, and the sections other than data in order.
func image(t *testing.T, m []byte) (mem map[int64]byte, other [][]byte, segments int) {
	t.Helper()
	mem = map[int64]byte{}
	r := reader{b: m[len(header):]}
	for len(r.b) > 0 {
		id := r.byte1()
		body := r.bytes()
		require.NoError(t, r.err)
		if id != sectionData {
			other = append(other, section(id, body))
			continue
		}
		segs, err := readSegments(body)
		require.NoError(t, err)
		for _, s := range segs {
			for i, c := range s.data {
				if c != 0 || mem[s.offset+int64(i)] != 0 {
					mem[s.offset+int64(i)] = c
				}
			}
		}
		segments = len(segs)
	}
	return mem, other, segments
}

// TestJoin: segments in any order with short runs of zeros between them become one,
// a long run starts another, and the memory written and every other section stay as
// they were; what pack cannot read or would change the meaning of is refused.
func TestJoin(t *testing.T) {
	seg := func(offset int64, data string) segment { return segment{offset, []byte(data)} }
	other := section(0, []byte("\x04namexyz")) // a custom section
	m := module(other, section(sectionData, writeSegments([]segment{
		seg(100, "abc"), seg(10, "hello"), seg(20, "\x00\x00x"), seg(3000000, "far"), seg(-16, "top"),
	})), section(0, []byte("\x01z")))
	out, err := pack(m, false)
	require.NoError(t, err)
	memBefore, otherBefore, n := image(t, m)
	require.Equal(t, 5, n)
	memAfter, otherAfter, n := image(t, out)
	assert.Equal(t, memBefore, memAfter, "the memory the module starts with")
	assert.Equal(t, otherBefore, otherAfter, "the other sections")
	assert.Equal(t, 3, n, "10 to 102 joined; 3,000,000 and the top of memory more than 64 kB away")

	for _, tc := range []struct {
		name   string
		module []byte
		err    string
	}{
		{"no module", []byte("\x00asm\x02\x00\x00\x00"), "not a WebAssembly module"},
		{"overlap", module(section(sectionData, writeSegments([]segment{seg(10, "hello"), seg(12, "x")}))), "overlap"},
		{"passive", module(section(sectionData, []byte{1, 1, 2, 'h', 'i'})), "mode 1"},
		{"global offset", module(section(sectionData, []byte{1, 0, 0x23, 0, 0x0b, 1, 'h'})), "not an i32.const"},
		{"cut", module(section(sectionData, []byte{1, 0, 0x41, 0, 0x0b, 9, 'h'})), "past the end"},
		{"data count", module(section(sectionDataCount, []byte{1})), "data count"},
		{"section too long", append(bytes.Clone(header), 0, 9, 1), "past the end"},
	} {
		_, err := pack(tc.module, false)
		assert.ErrorContains(t, err, tc.err, tc.name)
	}
}

// TestJoinGoModule: the minimal Go page, as Go's linker writes it (thousands of
// segments), joined into one segment that writes the same memory, and larger raw.
func TestJoinGoModule(t *testing.T) {
	f := filepath.Join(t.TempDir(), "minimal.wasm")
	before := buildGo(t, "smtpsim/wasm/e2e/testdata/minimal")
	require.NoError(t, os.WriteFile(f, before, 0o644))
	require.NoError(t, packFile(f, false))
	after, err := os.ReadFile(f)
	require.NoError(t, err)

	memBefore, otherBefore, n := image(t, before)
	require.Greater(t, n, 1000, "Go's linker splits the data at runs of zeros")
	memAfter, otherAfter, n := image(t, after)
	assert.Equal(t, 1, n)
	assert.True(t, len(memBefore) == len(memAfter), "as many octets written")
	for addr, c := range memBefore {
		if memAfter[addr] != c {
			t.Fatalf("octet %#x: %#x, was %#x", addr, memAfter[addr], c)
		}
	}
	assert.Equal(t, otherBefore, otherAfter, "the other sections")
	assert.Greater(t, len(after), len(before))
}

// TestMakePacksEveryModule: make modules and make baseline, which the site, make size
// and the browser tests build with, pack every module they write.
func TestMakePacksEveryModule(t *testing.T) {
	cmd := exec.Command("make", "--no-print-directory", "-n", "modules", "baseline", "OUT=/out")
	cmd.Dir = "../.."
	out, err := cmd.Output()
	require.NoError(t, err)
	var built, joined []string
	for line := range strings.Lines(string(out)) {
		fields := strings.Fields(line)
		if i := slices.Index(fields, "-o"); i >= 0 && i+1 < len(fields) {
			built = append(built, fields[i+1])
		}
		if i := slices.Index(fields, "./cmd/packwasm"); i >= 0 {
			joined = append(joined, fields[i+1:]...)
		}
	}
	assert.Len(t, built, 4, "main, author, senderauth and minimal")
	assert.ElementsMatch(t, built, joined)
}
