// Command packwasm rewrites the data section of a WebAssembly module that Go built for
// a smaller download; make modules runs it on every module it builds. Two steps
// (docs/performance.md, "One data segment" and "No source positions"):
//
//   - One segment where Go's linker writes thousands: the linker starts a new segment
//     wherever 8 or more zero octets run, to keep the raw file small, and in the page's
//     module stops only at its limit of 100,000 segments. Each segment carries its
//     memory offset and length, about 800 kB in all that Brotli can hardly compress,
//     while the zeros between the segments compress to almost nothing: main.wasm is
//     about 1 MB larger raw and 7 % smaller as Brotli. The memory is the same.
//
//   - Only what the program runs on in the function table: the runtime's tables of
//     each code address's source file and line, the file names and each function's
//     first line, and the tables of its arguments, are read only to print a stack
//     trace or a profile; without them main.wasm is about 120 kB smaller as Brotli.
//     Generic functions' names are written as the runtime prints them ("[...]" for
//     their type arguments), 3 kB more. A crash in the page still names every function
//     of its stack, each at "?:0" and without its arguments; the same code built
//     natively, in the tests and the command line, keeps them. -lines keeps the
//     function table as the linker wrote it.
//
//     packwasm [-lines] FILE.wasm...
package main

import (
	"bytes"
	"encoding/binary"
	"errors"
	"flag"
	"fmt"
	"os"
	"slices"
)

func main() {
	keepLines := flag.Bool("lines", false, "keep the function table whole: source files and lines, generic names, arguments (to read where a crash in the page was)")
	flag.Usage = func() {
		fmt.Fprintln(os.Stderr, "usage: packwasm [-lines] FILE.wasm...")
		flag.PrintDefaults()
	}
	flag.Parse()
	if flag.NArg() == 0 {
		flag.Usage()
		os.Exit(2)
	}
	for _, f := range flag.Args() {
		if err := packFile(f, !*keepLines); err != nil {
			fmt.Fprintf(os.Stderr, "packwasm: %s: %v\n", f, err)
			os.Exit(1)
		}
	}
}

// packFile rewrites the module in file f with its data segments joined and, if
// dropLines, without source positions.
func packFile(f string, dropLines bool) error {
	module, err := os.ReadFile(f)
	if err != nil {
		return err
	}
	out, err := pack(module, dropLines)
	if err != nil {
		return err
	}
	tmp := f + ".tmp"
	if err := os.WriteFile(tmp, out, 0o644); err != nil {
		return err
	}
	return os.Rename(tmp, f)
}

var header = []byte("\x00asm\x01\x00\x00\x00")

// Section ids of the binary format (WebAssembly Core Specification §5.5).
const (
	sectionData      = 11
	sectionDataCount = 12
)

// pack returns the module with its data segments joined wherever at most maxGap
// zeros lie between them and, if dropLines, the runtime's source positions dropped;
// every other section stays as it is.
func pack(module []byte, dropLines bool) ([]byte, error) {
	if !bytes.HasPrefix(module, header) {
		return nil, errors.New("not a WebAssembly module (binary format, version 1)")
	}
	out := slices.Clone(header)
	for r := (reader{b: module[len(header):]}); len(r.b) > 0; {
		id := r.byte1()
		body := r.bytes()
		if r.err != nil {
			return nil, fmt.Errorf("section %d: %w", id, r.err)
		}
		switch id {
		case sectionDataCount: // Go's linker writes none; one would need the new count
			return nil, errors.New("a data count section")
		case sectionData:
			segs, err := readSegments(body)
			if err == nil {
				segs, err = joinSegments(segs)
			}
			if err == nil && dropLines {
				err = dropLineTables(segs)
			}
			if err != nil {
				return nil, fmt.Errorf("data section: %w", err)
			}
			body = writeSegments(segs)
		}
		out = append(out, id)
		out = binary.AppendUvarint(out, uint64(len(body)))
		out = append(out, body...)
	}
	return out, nil
}
