// Command wasmsize tells where the octets of a Go WebAssembly module are: the size of
// each section, and the code section split by Go package, read from the module's name
// section (so build without -s for the breakdown). With -download it prints instead
// the raw and Brotli (quality 11, the encoder of smtpsim site) size of each file.
//
//	wasmsize [-top N] [-funcs N] [-main PACKAGE] FILE.wasm
//	wasmsize -download FILE...
package main

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"regexp"
	"sort"
	"strings"
	"sync"
	"text/tabwriter"

	"github.com/andybalholm/brotli"

	"smtpsim/internal/smallbrotli"
)

func main() {
	top := flag.Int("top", 40, "packages to list")
	funcs := flag.Int("funcs", 0, "also list this many of the largest functions")
	main := flag.String("main", "./wasm", "the main package the module was built from, for its package list")
	download := flag.Bool("download", false, "print raw and Brotli size of each file")
	flag.Parse()
	if *download {
		if err := downloads(os.Stdout, flag.Args()); err != nil {
			fmt.Fprintln(os.Stderr, "wasmsize:", err)
			os.Exit(1)
		}
		return
	}
	if flag.NArg() != 1 {
		fmt.Fprintln(os.Stderr, "usage: wasmsize [-top N] [-funcs N] [-main PACKAGE] FILE.wasm")
		os.Exit(2)
	}
	data, err := os.ReadFile(flag.Arg(0))
	if err == nil {
		var m *module
		if m, err = parse(data); err == nil {
			var ps packages
			if ps, err = listPackages(*main); err == nil {
				report(os.Stdout, m, ps, *top)
				largest(os.Stdout, m, *funcs)
			}
		}
	}
	if err != nil {
		fmt.Fprintf(os.Stderr, "wasmsize: %s: %v\n", flag.Arg(0), err)
		os.Exit(1)
	}
}

// module is what the report needs from a wasm module.
type module struct {
	sections []section
	imports  int            // imported functions: they come first in the function index space
	bodies   []int          // size of each function body of the code section, in order
	names    map[int]string // function index to name, from the name section
}

type section struct {
	name string
	size int
}

var sectionNames = map[byte]string{1: "type", 2: "import", 3: "function", 4: "table", 5: "memory", 6: "global",
	7: "export", 8: "start", 9: "element", 10: "code", 11: "data", 12: "datacount"}

// reader reads the LEB128 numbers and length-prefixed vectors of the binary format;
// unsigned LEB128 is the encoding of binary.Uvarint.
type reader struct{ *bytes.Reader }

func (r reader) num() int {
	v, err := binary.ReadUvarint(r)
	if err != nil {
		panic(err)
	}
	return int(v)
}

func (r reader) bytes() []byte {
	b := make([]byte, r.num())
	if _, err := io.ReadFull(r, b); err != nil {
		panic(err)
	}
	return b
}

func (r reader) byte1() byte {
	b, err := r.ReadByte()
	if err != nil {
		panic(err)
	}
	return b
}

func parse(data []byte) (m *module, err error) {
	if len(data) < 8 || string(data[:4]) != "\x00asm" {
		return nil, errors.New("not a WebAssembly module")
	}
	defer func() {
		if p := recover(); p != nil {
			m, err = nil, fmt.Errorf("malformed module: %v", p)
		}
	}()
	m = &module{names: map[int]string{}}
	r := reader{bytes.NewReader(data[8:])}
	for r.Len() > 0 {
		id := r.byte1()
		body := reader{bytes.NewReader(r.bytes())}
		name := sectionNames[id]
		if id == 0 {
			name = "custom " + string(body.bytes())
		}
		m.sections = append(m.sections, section{name, int(body.Size())})
		switch name {
		case "import":
			m.readImports(body)
		case "code":
			for range body.num() {
				m.bodies = append(m.bodies, len(body.bytes()))
			}
		case "custom name":
			m.readNames(body)
		}
	}
	return m, nil
}

func (m *module) readImports(r reader) {
	for range r.num() {
		r.bytes() // module
		r.bytes() // field
		switch r.byte1() {
		case 0: // function: type index
			r.num()
			m.imports++
		case 1: // table: reference type, limits
			r.byte1()
			readLimits(r)
		case 2: // memory: limits
			readLimits(r)
		case 3: // global: value type, mutability
			r.byte1()
			r.byte1()
		}
	}
}

func readLimits(r reader) {
	if r.byte1()&1 != 0 {
		r.num()
	}
	r.num()
}

func (m *module) readNames(r reader) {
	for r.Len() > 0 {
		kind := r.byte1()
		sub := reader{bytes.NewReader(r.bytes())}
		if kind != 1 { // only the function names
			continue
		}
		for range sub.num() {
			idx := sub.num()
			m.names[idx] = string(sub.bytes())
		}
	}
}

// mangled is a name as the linker writes it into the name section: every character
// other than a letter, digit, underscore or dot becomes an underscore.
var mangled = regexp.MustCompile(`[^\w.]`)

// packages are the mangled import paths of the module's packages, longest first, so that
// the first one that prefixes a function name is its package ("smtpsim_sim_world" before
// "smtpsim_sim"). Names without one are the linker's own (type equality, wrappers).
type packages struct {
	mangled []string
	path    map[string]string // mangled name to import path
}

func listPackages(main string) (packages, error) {
	cmd := exec.Command("go", "list", "-deps", main)
	cmd.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm")
	cmd.Stderr = os.Stderr
	out, err := cmd.Output()
	if err != nil {
		return packages{}, fmt.Errorf("go list -deps %s: %w", main, err)
	}
	ps := packages{path: map[string]string{"main": main}}
	for _, p := range strings.Fields(string(out)) {
		ps.mangled = append(ps.mangled, mangled.ReplaceAllString(p, "_"))
		ps.path[mangled.ReplaceAllString(p, "_")] = p
	}
	ps.mangled = append(ps.mangled, "main") // the main package's functions are main.NAME
	sort.Slice(ps.mangled, func(i, j int) bool { return len(ps.mangled[i]) > len(ps.mangled[j]) })
	return ps, nil
}

func (ps packages) of(name string) string {
	for _, p := range ps.mangled {
		if strings.HasPrefix(name, p+".") {
			return ps.path[p]
		}
	}
	if i := strings.IndexByte(name, '.'); i >= 0 {
		return name[:i] + " (linker)"
	}
	return name
}

func report(w io.Writer, m *module, ps packages, top int) {
	out := bufio.NewWriter(w)
	defer out.Flush()
	tw := tabwriter.NewWriter(out, 0, 0, 2, ' ', tabwriter.AlignRight)
	total := 8
	for _, s := range m.sections {
		total += s.size
	}
	fmt.Fprintf(tw, "%d\t%s\t\n", total, "octets in all")
	for _, s := range m.sections {
		fmt.Fprintf(tw, "%d\t%s\t\n", s.size, "section "+s.name)
	}
	tw.Flush()
	if len(m.names) == 0 {
		fmt.Fprintln(out, "\nno name section (built with -s?): no breakdown by package")
		return
	}
	byPkg := map[string]int{}
	for i, size := range m.bodies {
		name, ok := m.names[m.imports+i]
		if !ok {
			name = "?"
		}
		byPkg[ps.of(name)] += size
	}
	pkgs := make([]string, 0, len(byPkg))
	for p := range byPkg {
		pkgs = append(pkgs, p)
	}
	sort.Slice(pkgs, func(i, j int) bool {
		if byPkg[pkgs[i]] != byPkg[pkgs[j]] {
			return byPkg[pkgs[i]] > byPkg[pkgs[j]]
		}
		return pkgs[i] < pkgs[j]
	})
	fmt.Fprintf(out, "\ncode section by package (%d packages):\n", len(pkgs))
	rest := 0
	for i, p := range pkgs {
		if i < top {
			fmt.Fprintf(tw, "%d\t%s\t\n", byPkg[p], p)
		} else {
			rest += byPkg[p]
		}
	}
	if rest > 0 {
		fmt.Fprintf(tw, "%d\t%s\t\n", rest, fmt.Sprintf("%d other packages", len(pkgs)-top))
	}
	tw.Flush()
}

// largest lists the n largest function bodies of the code section, by name.
func largest(w io.Writer, m *module, n int) {
	if n <= 0 || len(m.names) == 0 {
		return
	}
	order := make([]int, len(m.bodies))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool { return m.bodies[order[a]] > m.bodies[order[b]] })
	fmt.Fprintf(w, "\nlargest functions:\n")
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	for _, i := range order[:min(n, len(order))] {
		fmt.Fprintf(tw, "%d\t%s\t\n", m.bodies[i], m.names[m.imports+i])
	}
	tw.Flush()
}

// downloads prints what each file weighs raw and as the Brotli copy smtpsim site
// writes (quality 11, in the window that gives the fewest octets: smallbrotli); the
// files are compressed side by side.
func downloads(w io.Writer, files []string) error {
	type size struct {
		raw, br int
		err     error
	}
	sizes := make([]size, len(files))
	var wg sync.WaitGroup
	for i, f := range files {
		wg.Go(func() {
			data, err := os.ReadFile(f)
			if err != nil {
				sizes[i].err = err
				return
			}
			packed, err := smallbrotli.Compress(data, brotli.BestCompression)
			n := len(packed)
			sizes[i] = size{len(data), n, err}
		})
	}
	wg.Wait()
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintf(tw, "%s\t%s\t%s\t\n", "raw", "brotli-11", "file")
	for i, f := range files {
		if sizes[i].err != nil {
			return fmt.Errorf("%s: %w", f, sizes[i].err)
		}
		fmt.Fprintf(tw, "%d\t%d\t%s\t\n", sizes[i].raw, sizes[i].br, f)
	}
	return tw.Flush()
}
