package main

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"maps"
	"slices"
)

// The runtime's function table as Go's linker lays it out since Go 1.20, read here
// from the module's memory (runtime/symtab.go: pcHeader, moduledata, functab;
// runtime/runtime2.go: _func). Every function has a record with offsets into pctab,
// the PC-value tables: how far the stack pointer has moved (pcsp) and the pcdata
// tables (unsafe points, stack maps, inlining) the runtime reads to run, and its
// source file (pcfile) and line (pcln), which it reads only for a stack trace
// (funcline1). Offset 0 means "no table": its value is -1 everywhere, and a file or
// line of -1 prints as "?:0". The record's compile unit (an index into cutab, whose
// entries point into filetab, the file names) serves only to name the file; its start
// line only profiles (Frame.startLine).
var pcHeaderStart = []byte{
	0xf1, 0xff, 0xff, 0xff, // magic: abi.Go120PCLnTabMagic, little-endian
	0, 0, // pad
	1, // minLC: the smallest instruction, 1 on wasm
	8, // ptrSize
}

// Offsets in pcHeader, moduledata and _func of the fields read here.
const (
	headerNfunc      = 8
	headerNameOffset = 32
	headerCutab      = 40
	headerFiletab    = 48
	headerPctab      = 56
	headerPcln       = 64
	headerSize       = 72

	modulePcHeader  = 0
	moduleNametab   = 8
	moduleCutab     = 32 // cutab []uint32: pointer, then length
	moduleFiletab   = 56
	modulePctab     = 80
	modulePclntable = 104
	moduleFtab      = 128
	moduleSize      = 152

	funcPcsp      = 16
	funcPcfile    = 20
	funcPcln      = 24
	funcNpcdata   = 28
	funcCuOffset  = 32
	funcStartLine = 36
	funcNfuncdata = 43
	funcSize      = 44 // then npcdata offsets into pctab, then nfuncdata funcdata offsets

	// The tables that serve only to print a stack trace's arguments (runtime/traceback.go:
	// printArgs; internal/abi/symtab.go): a pcdata table and two funcdata.
	pcdataArgLiveIndex  = 3
	funcdataArgInfo     = 5
	funcdataArgLiveInfo = 6
	funcdataAbsent      = ^uint32(0)
)

// funcTable is the part of the module's memory that dropLineTables rewrites.
type funcTable struct {
	pctabAt, pclnAt, cutabAt, filetabAt uint64 // the tables' addresses in memory

	pctab []byte // the PC-value tables
	pcln  []byte // pclntable: nfunc+1 functab entries, then the _func records
	nfunc int

	cutab, filetab []byte // the compile units' files, the files' names
	nametab        []byte // funcnametab: the functions' names, each ended by a zero
}

// dropLineTables rewrites the module's function table so that it holds only what the
// program runs on: no function has a file or a line table, a compile unit or a start
// line, and cutab and filetab are zeros; none has the tables that say its arguments
// in a stack trace (pcdataArgLiveIndex, funcdataArgInfo, funcdataArgLiveInfo); and
// generic functions have the short names the runtime prints (shortenGenericNames).
// The tables that remain (pcsp and the other pcdata) are packed to the front of pctab,
// each once as before, and the rest of pctab is zeros. It first checks that the
// records' tables lie one after the other and fill pctab, as Go's linker writes them:
// memory it cannot read so is refused, not rewritten.
func dropLineTables(segs []segment) error {
	ft, err := findFuncTable(segs)
	if err != nil {
		return err
	}
	lengths, err := ft.tables()
	if err != nil {
		return err
	}
	le := binary.LittleEndian
	packed := []byte{0} // offset 0 stays "no table"
	moved := map[uint32]uint32{0: 0}
	for i := range ft.nfunc {
		rec, _ := ft.record(i) // tables has read every record
		for _, at := range append(ft.dropped(rec), funcCuOffset, funcStartLine) {
			le.PutUint32(rec[at:], 0)
		}
		npcdata, nfuncdata := int(le.Uint32(rec[funcNpcdata:])), int(rec[funcNfuncdata])
		for _, k := range []int{funcdataArgInfo, funcdataArgLiveInfo} {
			if k < nfuncdata {
				le.PutUint32(rec[funcSize+4*npcdata+4*k:], funcdataAbsent)
			}
		}
		for _, at := range ft.kept(rec) {
			off := le.Uint32(rec[at:])
			to, ok := moved[off]
			if !ok {
				to = uint32(len(packed))
				packed = append(packed, ft.pctab[off:off+lengths[off]]...)
				moved[off] = to
			}
			le.PutUint32(rec[at:], to)
		}
	}
	copy(ft.pctab, packed) // never longer: the tables filled pctab without overlapping
	clear(ft.pctab[len(packed):])
	clear(ft.cutab)
	clear(ft.filetab)
	shortenGenericNames(ft.nametab)
	return nil
}

// shortenGenericNames writes the name of every generic function in funcnametab as the
// runtime prints it: "slices.Clone[...]" for a name whose type arguments spell out
// their shapes in full, every field of a struct (in the page's module, a quarter of
// all the names' octets). The runtime cuts a name so from its first '[' to its last
// ']' wherever it shows one (runtime/symtab.go: funcNameForPrint, for a stack trace,
// Func.Name and Frame.Function) and otherwise reads only what comes before the '['
// (a prefix such as "runtime.", the package path's dots), which stays. Only a
// profile (runtime/pprof) reads names whole: in a packed module it would count all
// instantiations of a function as one. A name is rewritten where it is, the rest of
// its room zeros, so that the records and inline trees that point to it still do.
func shortenGenericNames(names []byte) {
	for len(names) > 0 {
		end := bytes.IndexByte(names, 0)
		if end < 0 {
			end = len(names)
		}
		name := names[:end]
		names = names[min(end+1, len(names)):]
		open, close := bytes.IndexByte(name, '['), bytes.LastIndexByte(name, ']')
		if open < 0 || close-open-1 <= len("...") {
			continue // not generic, or nothing to gain
		}
		short := slices.Concat(name[:open], []byte("[...]"), name[close+1:])
		copy(name, short)
		clear(name[len(short):])
	}
}

// tables reads every function's record and the length of each table it points to,
// by offset, and checks that the tables follow one another from offset 1 with only
// zeros after the last: each octet of pctab belongs to at most one table.
func (ft funcTable) tables() (map[uint32]uint32, error) {
	le := binary.LittleEndian
	lengths := map[uint32]uint32{}
	for i := range ft.nfunc {
		rec, err := ft.record(i)
		if err != nil {
			return nil, err
		}
		for _, at := range append(ft.kept(rec), ft.dropped(rec)...) {
			off := le.Uint32(rec[at:])
			if _, ok := lengths[off]; ok || off == 0 {
				continue
			}
			n, err := tableLen(ft.pctab, off)
			if err != nil {
				return nil, fmt.Errorf("function %d: %w", i, err)
			}
			lengths[off] = n
		}
	}
	end := uint32(1)
	for _, off := range slices.Sorted(maps.Keys(lengths)) {
		if off != end {
			return nil, fmt.Errorf("the PC-value tables do not follow one another at %d (a table at %d, one ends at %d): not the layout of Go 1.20 to 1.26", end, off, end)
		}
		end += lengths[off]
	}
	if slices.ContainsFunc(ft.pctab[min(int(end), len(ft.pctab)):], func(c byte) bool { return c != 0 }) {
		return nil, fmt.Errorf("pctab holds more than its tables after %d: not the layout of Go 1.20 to 1.26", end)
	}
	return lengths, nil
}

// record is function i's _func record, with its pcdata offsets.
func (ft funcTable) record(i int) ([]byte, error) {
	off := binary.LittleEndian.Uint32(ft.pcln[8*i+4:])
	if uint64(off)+funcSize > uint64(len(ft.pcln)) {
		return nil, fmt.Errorf("function %d: its record at %d is past the function table", i, off)
	}
	rec := ft.pcln[off:]
	npcdata := uint64(binary.LittleEndian.Uint32(rec[funcNpcdata:]))
	end := funcSize + 4*npcdata + 4*uint64(rec[funcNfuncdata])
	if end > uint64(len(rec)) {
		return nil, fmt.Errorf("function %d: its record is past the function table", i)
	}
	return rec[:end], nil
}

// kept is where in rec the offsets of the tables that stay are: pcsp and each pcdata
// but the arguments' liveness.
func (ft funcTable) kept(rec []byte) []int {
	at := []int{funcPcsp}
	for j := range int(binary.LittleEndian.Uint32(rec[funcNpcdata:])) {
		if j != pcdataArgLiveIndex {
			at = append(at, funcSize+4*j)
		}
	}
	return at
}

// dropped is where in rec the offsets of the tables that go are: the file's, the
// line's and the arguments' liveness.
func (ft funcTable) dropped(rec []byte) []int {
	at := []int{funcPcfile, funcPcln}
	if int(binary.LittleEndian.Uint32(rec[funcNpcdata:])) > pcdataArgLiveIndex {
		at = append(at, funcSize+4*pcdataArgLiveIndex)
	}
	return at
}

// tableLen is the length of the PC-value table at off in pctab: pairs of a value
// delta and a PC delta (varints) up to a value delta of 0 once the PC has moved from
// the function's start, as the runtime's pcvalue and step read them.
func tableLen(pctab []byte, off uint32) (uint32, error) {
	p, pc := uint64(off), uint64(0)
	for {
		if p >= uint64(len(pctab)) {
			return 0, fmt.Errorf("the table at %d runs past pctab", off)
		}
		if pctab[p] == 0 && pc != 0 { // a pair counts as the first while the PC is the function's start
			return uint32(p + 1 - uint64(off)), nil
		}
		for i := range 2 { // the value's delta, the PC's
			d, n := binary.Uvarint(pctab[p:])
			if n <= 0 {
				return 0, fmt.Errorf("the table at %d has a number longer than 64 bits or runs past pctab", off)
			}
			p += uint64(n)
			if i == 1 {
				pc += d
			}
		}
	}
}

// findFuncTable finds the runtime's pcHeader in memory and checks it against the
// moduledata that points to it, which also gives pctab's and pclntable's lengths.
func findFuncTable(segs []segment) (funcTable, error) {
	le := binary.LittleEndian
	for _, s := range segs {
		for from := 0; ; {
			i := bytes.Index(s.data[from:], pcHeaderStart)
			if i < 0 {
				break
			}
			from += i + 1
			addr := uint64(s.offset) + uint64(from-1)
			h := at(segs, addr, headerSize)
			if h == nil {
				continue
			}
			var key [16]byte // moduledata starts with pcHeader and funcnametab's pointer
			le.PutUint64(key[modulePcHeader:], addr)
			le.PutUint64(key[moduleNametab:], addr+le.Uint64(h[headerNameOffset:]))
			md := findBytes(segs, key[:], moduleSize)
			if md == nil {
				continue
			}
			nfunc, cutabLen := le.Uint64(h[headerNfunc:]), le.Uint64(md[moduleCutab+8:])
			if nfunc >= 1<<31 || cutabLen >= 1<<31 { // no module holds so many; 8*(nfunc+1) stays exact
				continue
			}
			cutabAt, filetabAt := le.Uint64(md[moduleCutab:]), le.Uint64(md[moduleFiletab:])
			pctabAt, pclnAt := le.Uint64(md[modulePctab:]), le.Uint64(md[modulePclntable:])
			if cutabAt != addr+le.Uint64(h[headerCutab:]) || filetabAt != addr+le.Uint64(h[headerFiletab:]) ||
				pctabAt != addr+le.Uint64(h[headerPctab:]) || pclnAt != addr+le.Uint64(h[headerPcln:]) ||
				le.Uint64(md[moduleFtab:]) != pclnAt || le.Uint64(md[moduleFtab+8:]) != nfunc+1 {
				continue
			}
			ft := funcTable{
				pctabAt:   pctabAt,
				pclnAt:    pclnAt,
				cutabAt:   cutabAt,
				filetabAt: filetabAt,
				pctab:     at(segs, pctabAt, le.Uint64(md[modulePctab+8:])),
				pcln:      at(segs, pclnAt, le.Uint64(md[modulePclntable+8:])),
				nfunc:     int(nfunc),
				cutab:     at(segs, cutabAt, 4*cutabLen),
				filetab:   at(segs, filetabAt, le.Uint64(md[moduleFiletab+8:])),
				nametab:   at(segs, addr+le.Uint64(h[headerNameOffset:]), le.Uint64(md[moduleNametab+8:])),
			}
			if ft.pctab == nil || ft.pcln == nil || ft.cutab == nil || ft.filetab == nil || ft.nametab == nil || uint64(len(ft.pcln)) < 8*(nfunc+1) {
				return funcTable{}, errors.New("the function table runs past the module's memory")
			}
			return ft, nil
		}
	}
	return funcTable{}, errors.New("no function table of Go 1.20 or later for wasm (pcHeader) in the module's memory")
}

// at is the n octets of memory at addr, if one segment holds them all.
func at(segs []segment, addr, n uint64) []byte {
	for _, s := range segs {
		start := uint64(s.offset)
		if addr >= start && addr-start <= uint64(len(s.data)) && n <= uint64(len(s.data))-(addr-start) {
			return s.data[addr-start : addr-start+n]
		}
	}
	return nil
}

// findBytes is the n octets of memory from the first place that holds key.
func findBytes(segs []segment, key []byte, n uint64) []byte {
	for _, s := range segs {
		if i := bytes.Index(s.data, key); i >= 0 {
			return at(segs, uint64(s.offset)+uint64(i), n)
		}
	}
	return nil
}
