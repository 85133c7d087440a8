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

// buildGo builds the Go package for js/wasm as make modules does and returns the module.
func buildGo(t *testing.T, pkg string) []byte {
	t.Helper()
	f := filepath.Join(t.TempDir(), "out.wasm")
	build := exec.Command("go", "build", "-trimpath", "-ldflags=-s -w", "-o", f, pkg)
	build.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm")
	msg, err := build.CombinedOutput()
	require.NoError(t, err, "%s", msg)
	m, err := os.ReadFile(f)
	require.NoError(t, err)
	return m
}

// packedBothWays builds the Go package and packs it with and without source positions.
func packedBothWays(t *testing.T, pkg string) (withLines, without []byte) {
	t.Helper()
	m := buildGo(t, pkg)
	withLines, err := pack(m, false)
	require.NoError(t, err)
	without, err = pack(m, true)
	require.NoError(t, err)
	return withLines, without
}

// segments reads the data segments of module m.
func segments(t *testing.T, m []byte) []segment {
	t.Helper()
	r := reader{b: m[len(header):]}
	for len(r.b) > 0 {
		id := r.byte1()
		body := r.bytes()
		require.NoError(t, r.err)
		if id == sectionData {
			segs, err := readSegments(body)
			require.NoError(t, err)
			return segs
		}
	}
	t.Fatal("no data section")
	return nil
}

// pcValue is one step of a PC-value table: from pc on (relative to the function's
// start), the value is val.
type pcValue struct{ pc, val int64 }

// decode reads the table at off as the runtime's pcvalue and step do: a pair counts
// as the first while the PC is the function's start.
func decode(t *testing.T, pctab []byte, off uint32) []pcValue {
	t.Helper()
	if off == 0 {
		return nil
	}
	var steps []pcValue
	pc, val := int64(0), int64(-1)
	for p := pctab[off:]; pc == 0 || p[0] != 0; {
		dv, n := binary.Uvarint(p)
		require.Positive(t, n)
		p = p[n:]
		dpc, n := binary.Uvarint(p)
		require.Positive(t, n)
		p = p[n:]
		val += int64(-(dv & 1) ^ (dv >> 1))
		steps = append(steps, pcValue{pc, val})
		pc += int64(dpc)
	}
	return steps
}

// withoutTables is the memory of segs with the function table's pctab, pclntable,
// cutab, filetab and funcnametab zeroed: what dropLineTables must leave as it was.
func withoutTables(t *testing.T, segs []segment, ft funcTable) []segment {
	t.Helper()
	out := make([]segment, len(segs))
	for i, s := range segs {
		out[i] = segment{s.offset, slices.Clone(s.data)}
	}
	clear(at(out, ft.pctabAt, uint64(len(ft.pctab))))
	clear(at(out, ft.pclnAt, uint64(len(ft.pcln))))
	clear(at(out, ft.cutabAt, uint64(len(ft.cutab))))
	clear(at(out, ft.filetabAt, uint64(len(ft.filetab))))
	for _, s := range out { // funcnametab's address is not in funcTable: found by its contents
		if i := bytes.Index(s.data, ft.nametab); i >= 0 {
			clear(s.data[i : i+len(ft.nametab)])
			break
		}
	}
	return out
}

// printed is a function's name as the runtime prints it (runtime/symtab.go:
// funcNamePiecesForPrint): from its first '[' to its last ']' as "[...]".
func printed(name string) string {
	open, close := strings.IndexByte(name, '['), strings.LastIndexByte(name, ']')
	if open < 0 || close <= open {
		return name
	}
	return name[:open] + "[...]" + name[close+1:]
}

// name is the zero-ended name at off in funcnametab.
func name(nametab []byte, off uint32) string {
	n := nametab[off:]
	return string(n[:bytes.IndexByte(n, 0)])
}

// TestDropLineTables: the minimal page as Go's linker writes it, packed with and
// without the tables for crash traces. Every function keeps its stack-size and pcdata
// tables value for value, but for the arguments' liveness, and has no file or line
// table, compile unit or start line any more, nor the funcdata that say its arguments;
// a generic function's name is the one the runtime prints, every other name as it
// was; the file names are gone; the rest of its record, the functab and all other
// memory stay as they were; pctab is smaller.
func TestDropLineTables(t *testing.T) {
	withLines, without := packedBothWays(t, "smtpsim/wasm/e2e/testdata/minimal")
	segsBefore, segsAfter := segments(t, withLines), segments(t, without)
	before, err := findFuncTable(segsBefore)
	require.NoError(t, err)
	after, err := findFuncTable(segsAfter)
	require.NoError(t, err)
	require.Equal(t, before.nfunc, after.nfunc)
	require.Greater(t, before.nfunc, 1000)

	le := binary.LittleEndian
	hadLines, hadStart, hadArgInfo, generic := 0, 0, 0, 0
	for i := range before.nfunc {
		recBefore, err := before.record(i)
		require.NoError(t, err)
		recAfter, err := after.record(i)
		require.NoError(t, err)
		if le.Uint32(recBefore[funcPcln:]) != 0 {
			hadLines++
		}
		if le.Uint32(recBefore[funcStartLine:]) != 0 {
			hadStart++
		}
		// The record's fields, listed here apart from packwasm's own lists.
		npcdata, nfuncdata := int(le.Uint32(recBefore[funcNpcdata:])), int(recBefore[funcNfuncdata])
		zeroed := []int{funcPcfile, funcPcln, funcCuOffset, funcStartLine}
		kept := []int{funcPcsp} // the stack-size table and every pcdata table but the arguments' liveness (3)
		for j := range npcdata {
			if j == 3 {
				zeroed = append(zeroed, funcSize+4*j)
			} else {
				kept = append(kept, funcSize+4*j)
			}
		}
		absent := []int{} // the funcdata ArgInfo (5) and ArgLiveInfo (6)
		for _, k := range []int{5, 6} {
			if k < nfuncdata {
				absent = append(absent, funcSize+4*npcdata+4*k)
			}
		}
		if len(absent) > 0 && le.Uint32(recBefore[absent[0]:]) != ^uint32(0) {
			hadArgInfo++
		}
		for _, at := range zeroed {
			assert.Zero(t, le.Uint32(recAfter[at:]), "function %d: the field at %d", i, at)
		}
		for _, at := range absent {
			assert.Equal(t, ^uint32(0), le.Uint32(recAfter[at:]), "function %d: the funcdata at %d", i, at)
		}
		for _, at := range kept {
			require.Equal(t, decode(t, before.pctab, le.Uint32(recBefore[at:])), decode(t, after.pctab, le.Uint32(recAfter[at:])),
				"function %d, the table whose offset is at %d", i, at)
		}
		nameOff := le.Uint32(recBefore[4:])
		require.Equal(t, nameOff, le.Uint32(recAfter[4:]), "function %d: its name where it was", i)
		nameBefore, nameAfter := name(before.nametab, nameOff), name(after.nametab, nameOff)
		assert.Equal(t, printed(nameBefore), printed(nameAfter), "function %d: printed as before", i)
		assert.Contains(t, []string{nameBefore, printed(nameBefore)}, nameAfter, "function %d: its name, or as printed", i)
		if nameAfter != nameBefore {
			generic++
		}
		recBefore, recAfter = slices.Clone(recBefore), slices.Clone(recAfter)
		for _, at := range slices.Concat(kept, zeroed, absent) {
			clear(recBefore[at : at+4])
			clear(recAfter[at : at+4])
		}
		require.Equal(t, recBefore, recAfter, "function %d: its record but for the tables' offsets", i)
	}
	assert.Greater(t, hadLines, before.nfunc*99/100, "nearly every function had a line table")
	assert.Greater(t, hadStart, before.nfunc*9/10, "nearly every function had a start line")
	assert.Greater(t, hadArgInfo, before.nfunc/2, "most functions said their arguments")
	assert.Greater(t, generic, 20, "generic functions' names were shortened")
	t.Logf("%d of %d names shortened, funcnametab in use %d of %d octets", generic, before.nfunc,
		len(bytes.ReplaceAll(after.nametab, []byte{0, 0}, nil)), len(before.nametab))
	assert.Contains(t, string(before.filetab), "runtime/proc.go", "the file names")
	assert.Len(t, after.filetab, len(before.filetab))
	assert.Len(t, after.cutab, len(before.cutab))
	assert.Len(t, after.nametab, len(before.nametab))
	assert.Equal(t, make([]byte, len(after.filetab)), after.filetab, "no file names")
	assert.Equal(t, make([]byte, len(after.cutab)), after.cutab, "no compile units")
	assert.Equal(t, before.pcln[:8*(before.nfunc+1)], after.pcln[:8*(after.nfunc+1)], "the functab")
	assert.Equal(t, withoutTables(t, segsBefore, before), withoutTables(t, segsAfter, after), "the rest of memory")

	inUse := len(bytes.TrimRight(after.pctab, "\x00")) + 1 // the last table ends in a zero
	t.Logf("pctab in use: %d of %d octets", inUse, len(before.pctab))
	assert.Less(t, inUse, len(before.pctab)/2, "the line tables were most of pctab")
}

// TestDropLineTablesRefused: a module without Go's function table, and one whose
// table points past pctab, are refused, not rewritten.
func TestDropLineTablesRefused(t *testing.T) {
	m := module(section(sectionData, writeSegments([]segment{{16, []byte("no table here")}})))
	_, err := pack(m, true)
	assert.ErrorContains(t, err, "no function table")
	_, err = pack(m, false)
	assert.NoError(t, err, "joining needs no function table")

	joined, err := pack(buildGo(t, "smtpsim/wasm/e2e/testdata/minimal"), false)
	require.NoError(t, err)
	segs := segments(t, joined)
	ft, err := findFuncTable(segs)
	require.NoError(t, err)
	rec, err := ft.record(7)
	require.NoError(t, err)
	pcsp := binary.LittleEndian.Uint32(rec[funcPcsp:])
	for _, tc := range []struct {
		name string
		pcsp uint32
		last byte
		err  string
	}{
		{"a table cut off at pctab's end", uint32(len(ft.pctab) - 1), 0x80, "runs past pctab"},
		{"a table that starts inside another", pcsp + 1, 0, "do not follow one another"},
	} {
		broken := make([]segment, len(segs))
		for i, s := range segs {
			broken[i] = segment{s.offset, slices.Clone(s.data)}
		}
		ft, err := findFuncTable(broken)
		require.NoError(t, err)
		rec, err := ft.record(7)
		require.NoError(t, err)
		binary.LittleEndian.PutUint32(rec[funcPcsp:], tc.pcsp)
		ft.pctab[len(ft.pctab)-1] = tc.last
		m := module(section(sectionData, writeSegments(broken)))
		_, err = pack(m, true)
		assert.ErrorContains(t, err, tc.err, tc.name)
	}

	// A function count past what the table holds.
	broken := make([]segment, len(segs))
	for i, s := range segs {
		broken[i] = segment{s.offset, slices.Clone(s.data)}
	}
	_, err = pack(module(section(sectionData, writeSegments(broken))), true)
	require.NoError(t, err, "the copy as it is")
	for _, seg := range broken {
		if i := bytes.Index(seg.data, pcHeaderStart); i >= 0 {
			binary.LittleEndian.PutUint64(seg.data[i+headerNfunc:], 1<<63)
		}
	}
	_, err = pack(module(section(sectionData, writeSegments(broken))), true)
	assert.ErrorContains(t, err, "no function table")
}
