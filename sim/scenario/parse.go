package scenario

import (
	"bytes"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"

	"smtpsim/sim/dns"
	"smtpsim/sim/fault"
)

// Error is one problem in a scenario file, at a 1-based line and column. Columns count
// characters, as editors do, not octets. Line is 0 when the problem has no place in a
// file (Scenario.Validate on a scenario built in Go).
type Error struct {
	File      string
	Line, Col int
	Msg       string // what is wrong (what was expected)
}

// Error returns "FILE:LINE:COL: what is wrong (what was expected)", the form editors and
// `smtpsim validate` print; the parts that are unknown are left out.
func (e *Error) Error() string {
	var b strings.Builder
	if e.File != "" {
		b.WriteString(e.File + ":")
	}
	if e.Line > 0 {
		fmt.Fprintf(&b, "%d:%d:", e.Line, e.Col)
	}
	if b.Len() > 0 {
		b.WriteByte(' ')
	}
	b.WriteString(e.Msg)
	return b.String()
}

// ErrorList is every problem found in a scenario, in file order. A teacher fixes a
// file in one round instead of one error per run.
type ErrorList []*Error

// Error returns the errors one a line.
func (l ErrorList) Error() string {
	s := make([]string, len(l))
	for i, e := range l {
		s[i] = e.Error()
	}
	return strings.Join(s, "\n")
}

// Parse reads a scenario file (FORMAT.md describes it), checks it and returns it with
// Defaults applied. On failure the error is an ErrorList with every problem found.
func Parse(filename string, src []byte) (*Scenario, error) {
	d := newDecoder(filename, src)
	root, err := d.document(src)
	if err != nil {
		return nil, ErrorList{err}
	}
	return d.scenario(root)
}

// ParseNode reads a scenario that is already a YAML node, as in the front matter of a
// lesson file, with the same rules as Parse. n is a document or a mapping node.
func ParseNode(filename string, n *yaml.Node) (*Scenario, error) {
	if n == nil || n.Kind == 0 || n.Kind == yaml.DocumentNode && len(n.Content) == 0 {
		return nil, ErrorList{{File: filename, Line: 1, Col: 1, Msg: emptyScenario}}
	}
	if n.Kind == yaml.DocumentNode {
		n = n.Content[0]
	}
	return newDecoder(filename, nil).scenario(n)
}

// The keys of each mapping, in the order FORMAT.md lists them; unknown-key messages
// list them in this order too.
var (
	scenarioKeys   = []string{"name", "seed", "model", "start", "latency", "retry", "greylist", "horizon", "hosts", "dns", "users", "messages", "fetch", "faults"}
	retryKeys      = []string{"first", "max", "lifetime"}
	hostKeys       = []string{"name", "ip", "roles", "domains", "relay", "internal", "max-size", "greylist"}
	userKeys       = []string{"address", "password", "quota"}
	messageKeys    = []string{"id", "at", "from", "to", "cc", "bcc", "subject", "body", "attachments"}
	attachmentKeys = []string{"name", "type", "size", "data"}
	fetchKeys      = []string{"at", "user", "protocol", "password", "delete"}
)

// emptyScenario is the message for a file or front matter without a scenario.
var emptyScenario = "empty scenario (expected a mapping with keys " + strings.Join(scenarioKeys, ", ") + ")"

// pos is a place in the file.
type pos struct{ line, col int }

// maxNodes bounds the work of one parse: aliases let a small file name the same
// subtree many times ("billion laughs"), and the walk expands them.
const maxNodes = 200_000

// decoder walks the node tree by hand, so that every value keeps its position.
type decoder struct {
	file  string
	lines []string // the source, to tell whether a scalar's text stands verbatim in its line; nil for ParseNode
	errs  ErrorList

	// at maps the path of every value decoded ("hosts/2/ip", "faults/0/target") to its
	// position, so that the cross-checks of validate.go can point at the offending node.
	at map[string]pos
	// broken holds the paths whose value did not decode; validate.go stays quiet about
	// them and about references into them, so one mistake yields one message.
	broken map[string]bool

	nodes int // nodes visited, against maxNodes
}

func newDecoder(file string, src []byte) *decoder {
	d := &decoder{file: file, at: map[string]pos{}, broken: map[string]bool{}}
	if src != nil {
		d.lines = strings.Split(string(src), "\n")
	}
	return d
}

// yamlLine finds the line number in the YAML library's error text.
var yamlLine = regexp.MustCompile(`^yaml: line (\d+): `)

// unknownAnchor finds the alias name in the library's message about an alias
// without an anchor.
var unknownAnchor = regexp.MustCompile(`^unknown anchor '(.*)' referenced$`)

// document decodes the one YAML document of src.
func (d *decoder) document(src []byte) (root *yaml.Node, err *Error) {
	// The YAML library has panicked on malformed input in the past; a teacher's typo
	// must give a message, not crash the page or the validator.
	defer func() {
		if r := recover(); r != nil {
			root, err = nil, &Error{File: d.file, Line: 1, Col: 1, Msg: fmt.Sprintf("the YAML reader failed: %v (expected a YAML mapping)", r)}
		}
	}()
	dec := yaml.NewDecoder(bytes.NewReader(src))
	var doc yaml.Node
	if e := dec.Decode(&doc); e != nil {
		if errors.Is(e, io.EOF) {
			return nil, &Error{File: d.file, Line: 1, Col: 1, Msg: emptyScenario}
		}
		return nil, d.yamlError(e)
	}
	// A trailing "---" (as after front matter) starts an empty document: harmless.
	for {
		var next yaml.Node
		e := dec.Decode(&next)
		if errors.Is(e, io.EOF) {
			break
		}
		if e != nil {
			return nil, d.yamlError(e)
		}
		if len(next.Content) > 0 && !(isNull(next.Content[0]) && next.Content[0].Value == "") {
			return nil, &Error{File: d.file, Line: next.Line, Col: next.Column, Msg: "a second YAML document (expected one scenario per file)"}
		}
	}
	if len(doc.Content) == 0 {
		return nil, &Error{File: d.file, Line: 1, Col: 1, Msg: emptyScenario}
	}
	return doc.Content[0], nil
}

// yamlError turns the YAML library's "yaml: line N: problem" into an Error. The library
// gives no column; a tab in the indentation, the commonest cause, gets its own.
func (d *decoder) yamlError(e error) *Error {
	msg := e.Error()
	line := 1
	if m := yamlLine.FindStringSubmatch(msg); m != nil {
		line, _ = strconv.Atoi(m[1])
		msg = msg[len(m[0]):]
	}
	msg = strings.TrimPrefix(msg, "yaml: ")
	if m := unknownAnchor.FindStringSubmatch(msg); m != nil {
		// The library says which alias but not where; the first use of it is the one.
		for i, text := range d.lines {
			if col := strings.Index(text, "*"+m[1]); col >= 0 {
				return &Error{File: d.file, Line: i + 1, Col: utf8.RuneCountInString(text[:col]) + 1,
					Msg: fmt.Sprintf("alias *%s names no anchor (expected &%s on a value above it)", m[1], m[1])}
			}
		}
	}
	err := &Error{File: d.file, Line: line, Col: 1, Msg: "YAML syntax: " + msg}
	// The library counts the line after a scanner error's line in some cases; look at
	// both for the tab.
	for _, l := range []int{line, line - 1} {
		if l >= 1 && l <= len(d.lines) {
			text := d.lines[l-1]
			if indent := text[:len(text)-len(strings.TrimLeft(text, " \t"))]; strings.Contains(indent, "\t") {
				return &Error{File: d.file, Line: l, Col: strings.IndexByte(indent, '\t') + 1, Msg: "tab in indentation (expected spaces: YAML does not allow tabs there)"}
			}
		}
	}
	err.Msg += " (expected KEY: VALUE lines and \"- \" list items, indented with spaces)"
	return err
}

// scenario decodes the root mapping, validates, and applies the defaults.
func (d *decoder) scenario(root *yaml.Node) (*Scenario, error) {
	if isNull(root) {
		return nil, ErrorList{{File: d.file, Line: root.Line, Col: root.Column, Msg: emptyScenario}}
	}
	s := &Scenario{}
	d.mapping(root, "", "the scenario", scenarioKeys, func(key string, v *yaml.Node, p string) {
		switch key {
		case "name":
			s.Name = d.str(v, p, key)
		case "seed":
			s.Seed = d.seed(v, p)
		case "model":
			s.Model = Model(d.str(v, p, key))
		case "start":
			s.Start = d.time(v, p, key)
		case "latency":
			s.Latency = d.duration(v, p, key)
		case "retry":
			d.mapping(v, p, "retry", retryKeys, func(key string, v *yaml.Node, p string) {
				switch key {
				case "first":
					s.Retry.First = d.duration(v, p, key)
				case "max":
					s.Retry.Max = d.duration(v, p, key)
				case "lifetime":
					s.Retry.Lifetime = d.duration(v, p, key)
				}
			})
		case "greylist":
			s.Greylist = d.duration(v, p, key)
		case "horizon":
			s.Horizon = d.duration(v, p, key)
		case "hosts":
			d.list(v, p, key, "a host", func(v *yaml.Node, p string) { s.Hosts = append(s.Hosts, d.host(v, p)) })
		case "dns":
			d.list(v, p, key, `a record such as "example.net MX 10 mx.example.net"`, func(v *yaml.Node, p string) {
				if r, ok := d.record(v, p); ok {
					s.DNS = append(s.DNS, r)
					d.at[recordPath(len(s.DNS)-1)] = d.at[p]
					d.at[recordPath(len(s.DNS)-1)+"/value"] = d.at[p+"/value"]
				}
			})
		case "users":
			d.list(v, p, key, "a user", func(v *yaml.Node, p string) { s.Users = append(s.Users, d.user(v, p)) })
		case "messages":
			d.list(v, p, key, "a message", func(v *yaml.Node, p string) { s.Messages = append(s.Messages, d.message(v, p)) })
		case "fetch":
			d.list(v, p, key, "a fetch", func(v *yaml.Node, p string) { s.Fetches = append(s.Fetches, d.fetch(v, p)) })
		case "faults":
			d.list(v, p, key, `a fault such as "down:mx.example.net"`, func(v *yaml.Node, p string) {
				if f, ok := d.fault(v, p); ok {
					s.Faults = append(s.Faults, f)
					i := len(s.Faults) - 1
					for _, part := range []string{"", "/target", "/peer"} {
						if at, ok := d.at[p+part]; ok {
							d.at[faultPath(i)+part] = at
						}
					}
				}
			})
		}
	})
	s.Defaults()
	d.errs = append(d.errs, d.validate(s)...)
	if len(d.errs) > 0 {
		return nil, d.sorted()
	}
	return s, nil
}

// The DNS records and faults that fail to parse are left out of the Scenario, so
// their slice indexes differ from the list indexes of the file; validate.go finds them
// under these paths.
func recordPath(i int) string { return "dns#" + strconv.Itoa(i) }
func faultPath(i int) string  { return "faults#" + strconv.Itoa(i) }

// sorted returns the errors in file order, each once: an alias can show one bad node
// in several places.
func (d *decoder) sorted() ErrorList {
	l := slices.Clone(d.errs)
	slices.SortStableFunc(l, func(a, b *Error) int {
		if a.Line != b.Line {
			return a.Line - b.Line
		}
		return a.Col - b.Col
	})
	return slices.CompactFunc(l, func(a, b *Error) bool { return *a == *b })
}

// errorf records a problem with the value n at path and marks the path broken.
func (d *decoder) errorf(n *yaml.Node, path string, format string, args ...any) {
	d.broken[path] = true
	d.report(n, format, args...)
}

// report records a problem at n without marking a path broken: a misspelt or repeated
// key leaves the mapping's other values good for the cross-checks.
func (d *decoder) report(n *yaml.Node, format string, args ...any) {
	d.errs = append(d.errs, &Error{File: d.file, Line: n.Line, Col: n.Column, Msg: fmt.Sprintf(format, args...)})
}

// errorAt records a problem at an exact position, for problems inside a scalar.
func (d *decoder) errorAt(at pos, path string, format string, args ...any) {
	d.broken[path] = true
	d.errs = append(d.errs, &Error{File: d.file, Line: at.line, Col: at.col, Msg: fmt.Sprintf(format, args...)})
}

// resolve follows aliases to the node they name and counts the node against maxNodes.
// It returns nil once the budget is spent, so that every walk stops.
func (d *decoder) resolve(n *yaml.Node) *yaml.Node {
	for range 100 {
		if n == nil || n.Kind != yaml.AliasNode {
			break
		}
		n = n.Alias
	}
	d.nodes++
	if d.nodes == maxNodes {
		at := pos{1, 1}
		if n != nil {
			at = pos{n.Line, n.Column}
		}
		d.errorAt(at, "", "the scenario is too big: more than %d values once aliases are expanded (expected a scenario a learner can follow)", maxNodes)
	}
	if d.nodes >= maxNodes || n == nil || n.Kind == yaml.AliasNode {
		return nil
	}
	return n
}

// describe names what a node holds, for "KEY is … (expected …)".
func describe(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.DocumentNode:
		return "a document"
	}
	if n.ShortTag() == "!!null" {
		return "empty"
	}
	// A body pasted in the wrong place should not fill the screen.
	if v := []rune(n.Value); len(v) > 40 {
		return strconv.Quote(string(v[:37])) + "…"
	}
	return strconv.Quote(n.Value)
}

func isNull(n *yaml.Node) bool { return n.Kind == yaml.ScalarNode && n.ShortTag() == "!!null" }

// pair is one key and its value in a mapping.
type pair struct{ key, value *yaml.Node }

// mapping walks a mapping whose keys must be among keys, calling fn for each known key
// with the value and its path. A missing or empty value (null) counts as an empty
// mapping, so "retry:" alone means all defaults. Merge keys ("<<: *defaults") are
// honoured, because teachers share settings between hosts with them.
func (d *decoder) mapping(n *yaml.Node, path, what string, keys []string, fn func(key string, v *yaml.Node, p string)) {
	if n = d.resolve(n); n == nil {
		return
	}
	d.at[path] = pos{n.Line, n.Column}
	if isNull(n) {
		return
	}
	if n.Kind != yaml.MappingNode {
		d.errorf(n, path, "%s is %s (expected a mapping with keys %s)", what, describe(n), strings.Join(keys, ", "))
		return
	}
	seen := map[string]*yaml.Node{}
	var pairs []pair
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := d.resolve(n.Content[i]), n.Content[i+1]
		if k == nil {
			return
		}
		if k.Kind == yaml.ScalarNode && k.ShortTag() == "!!merge" {
			continue
		}
		if k.Kind != yaml.ScalarNode {
			d.report(k, "a key is %s (expected one of %s)", describe(k), strings.Join(keys, ", "))
			continue
		}
		if first, ok := seen[k.Value]; ok {
			d.report(k, "key %q given twice (first at line %d)", k.Value, first.Line)
			continue
		}
		seen[k.Value] = k
		if !slices.Contains(keys, k.Value) {
			d.report(k, "unknown key %q (expected one of %s)", k.Value, strings.Join(keys, ", "))
			continue
		}
		pairs = append(pairs, pair{k, v})
	}
	// Merged keys come after the mapping's own, which win (YAML merge key spec).
	for i := 0; i+1 < len(n.Content); i += 2 {
		if k := n.Content[i]; k.Kind == yaml.ScalarNode && k.ShortTag() == "!!merge" {
			pairs = d.merge(n.Content[i+1], path, keys, seen, pairs, 0)
		}
	}
	for _, kv := range pairs {
		p := path + "/" + kv.key.Value
		if path == "" {
			p = kv.key.Value
		}
		fn(kv.key.Value, kv.value, p)
	}
}

// merge adds the pairs of a merged mapping (or list of mappings) whose keys are not
// set yet. depth stops a mapping that merges itself.
func (d *decoder) merge(v *yaml.Node, path string, keys []string, seen map[string]*yaml.Node, pairs []pair, depth int) []pair {
	if v = d.resolve(v); v == nil {
		return pairs
	}
	if depth > 10 {
		d.errorf(v, path, "merge keys nest too deep (expected at most 10 levels of <<)")
		return pairs
	}
	switch v.Kind {
	case yaml.SequenceNode:
		for _, m := range v.Content {
			pairs = d.merge(m, path, keys, seen, pairs, depth+1)
		}
		return pairs
	case yaml.MappingNode:
	default:
		d.errorf(v, path, "<< merges %s (expected an alias of a mapping, such as <<: *defaults)", describe(v))
		return pairs
	}
	for i := 0; i+1 < len(v.Content); i += 2 {
		k := d.resolve(v.Content[i])
		if k == nil {
			return pairs
		}
		if k.Kind == yaml.ScalarNode && k.ShortTag() == "!!merge" {
			pairs = d.merge(v.Content[i+1], path, keys, seen, pairs, depth+1)
			continue
		}
		if k.Kind != yaml.ScalarNode || seen[k.Value] != nil {
			continue
		}
		if !slices.Contains(keys, k.Value) {
			d.report(k, "unknown key %q (expected one of %s)", k.Value, strings.Join(keys, ", "))
			continue
		}
		seen[k.Value] = k
		pairs = append(pairs, pair{k, v.Content[i+1]})
	}
	return pairs
}

// list walks a sequence, calling fn for each item with its path ("hosts/0"). Empty
// (null) is an empty list.
func (d *decoder) list(n *yaml.Node, path, key, item string, fn func(v *yaml.Node, p string)) {
	if n = d.resolve(n); n == nil {
		return
	}
	d.at[path] = pos{n.Line, n.Column}
	if isNull(n) {
		return
	}
	if n.Kind != yaml.SequenceNode {
		d.errorf(n, path, "%s is %s (expected a list: one \"- \" line per item, each %s)", key, describe(n), item)
		return
	}
	for i, v := range n.Content {
		fn(v, path+"/"+strconv.Itoa(i))
	}
}

// scalar returns the scalar at n, recording its position, or nil after reporting
// that n is not one. want says what was expected.
func (d *decoder) scalar(n *yaml.Node, path, key, want string) *yaml.Node {
	if n = d.resolve(n); n == nil {
		return nil
	}
	d.at[path] = pos{n.Line, n.Column}
	if n.Kind != yaml.ScalarNode {
		d.errorf(n, path, "%s is %s (expected %s)", key, describe(n), want)
		return nil
	}
	return n
}

// str decodes text. Numbers and booleans are text too (a password of 1234), and an
// empty value is "".
func (d *decoder) str(n *yaml.Node, path, key string) string {
	n = d.scalar(n, path, key, "text")
	if n == nil || isNull(n) {
		return ""
	}
	return n.Value
}

// strs decodes a list of text; a single value stands for a list of one, so that
// "to: bob@example.net" means what it says.
func (d *decoder) strs(n *yaml.Node, path, key, item string) []string {
	var out []string
	if r := d.resolve(n); r != nil && r.Kind == yaml.ScalarNode && !isNull(r) {
		return []string{d.str(r, path+"/0", key)}
	}
	d.list(n, path, key, item, func(v *yaml.Node, p string) {
		out = append(out, d.str(v, p, key))
	})
	return out
}

func (d *decoder) seed(n *yaml.Node, path string) uint64 {
	n = d.scalar(n, path, "seed", "a whole number of 0 or more")
	if n == nil || isNull(n) {
		return 0
	}
	v, err := strconv.ParseUint(n.Value, 0, 64)
	if err != nil {
		d.errorf(n, path, "seed is %s (expected a whole number from 0 to %d)", describe(n), uint64(math.MaxUint64))
	}
	return v
}

func (d *decoder) boolean(n *yaml.Node, path, key string) bool {
	n = d.scalar(n, path, key, "true or false")
	if n == nil || isNull(n) {
		return false
	}
	if n.ShortTag() != "!!bool" {
		d.errorf(n, path, "%s is %s (expected true or false)", key, describe(n))
		return false
	}
	return strings.EqualFold(n.Value, "true")
}

const durationWant = "a duration such as 300s, 10m, 2h or 5d"

// duration decodes a duration with fault.ParseDuration, the syntax fault specs use. A
// leading minus decodes, so that validate.go can say "before the start" rather than
// "not a duration".
func (d *decoder) duration(n *yaml.Node, path, key string) time.Duration {
	n = d.scalar(n, path, key, durationWant)
	if n == nil || isNull(n) {
		return 0
	}
	text, sign := n.Value, time.Duration(1)
	if rest, ok := strings.CutPrefix(text, "-"); ok {
		text, sign = rest, -1
	}
	v, err := fault.ParseDuration(text)
	if err != nil {
		d.errorf(n, path, "%s is %s (expected %s)", key, describe(n), durationWant)
		return 0
	}
	return sign * v
}

// timeLayouts are the forms start may take: RFC 3339 as YAML timestamps are written,
// and a bare date for midnight UTC.
var timeLayouts = []string{time.RFC3339Nano, "2006-01-02"}

func (d *decoder) time(n *yaml.Node, path, key string) time.Time {
	const want = "a time such as 2026-11-25T09:00:00Z, or a date such as 2026-11-25"
	n = d.scalar(n, path, key, want)
	if n == nil || isNull(n) {
		return time.Time{}
	}
	for _, layout := range timeLayouts {
		if t, err := time.Parse(layout, n.Value); err == nil {
			return t
		}
	}
	d.errorf(n, path, "%s is %s (expected %s)", key, describe(n), want)
	return time.Time{}
}

const sizeWant = "a size such as 10485760, 20KB, 1MB or 1MiB"

// sizeUnits are the suffixes a size may carry. KB, MB and GB are decimal, as mail
// servers and disk makers count (Postfix's message_size_limit is in octets, and 10MB
// there means 10000000); KiB, MiB and GiB are binary, for teachers who think in them.
var sizeUnits = map[string]int{
	"": 1, "b": 1,
	"kb": 1000, "mb": 1000 * 1000, "gb": 1000 * 1000 * 1000,
	"kib": 1 << 10, "mib": 1 << 20, "gib": 1 << 30,
}

// parseSize reads a size in octets: a whole number, optionally followed by B, KB,
// MB, GB (powers of 1000) or KiB, MiB, GiB (powers of 1024), in any letter case.
func parseSize(s string) (int, error) {
	t := strings.TrimSpace(s)
	i := 0
	for i < len(t) && '0' <= t[i] && t[i] <= '9' {
		i++
	}
	unit, ok := sizeUnits[strings.ToLower(strings.TrimSpace(t[i:]))]
	n, err := strconv.Atoi(t[:i])
	if !ok || err != nil || n > math.MaxInt/unit {
		return 0, fmt.Errorf("bad size %q (expected %s)", s, sizeWant)
	}
	return n * unit, nil
}

func (d *decoder) size(n *yaml.Node, path, key string) int {
	n = d.scalar(n, path, key, sizeWant)
	if n == nil || isNull(n) {
		return 0
	}
	v, err := parseSize(n.Value)
	if err != nil {
		d.errorf(n, path, "%s is %s (expected %s)", key, describe(n), sizeWant)
	}
	return v
}

func (d *decoder) host(n *yaml.Node, path string) Host {
	var h Host
	d.mapping(n, path, "a host", hostKeys, func(key string, v *yaml.Node, p string) {
		switch key {
		case "name":
			h.Name = d.str(v, p, key)
		case "ip":
			h.IP = d.str(v, p, key)
		case "roles":
			for _, r := range d.strs(v, p, key, "msa, mx or relay") {
				h.Roles = append(h.Roles, Role(r))
			}
		case "domains":
			h.Domains = d.strs(v, p, key, "a domain")
		case "relay":
			h.Relay = d.str(v, p, key)
		case "internal":
			h.Internal = d.strs(v, p, key, "a host name")
		case "max-size":
			h.MaxSize = d.size(v, p, key)
		case "greylist":
			h.Greylist = d.boolean(v, p, key)
		}
	})
	return h
}

func (d *decoder) user(n *yaml.Node, path string) User {
	var u User
	d.mapping(n, path, "a user", userKeys, func(key string, v *yaml.Node, p string) {
		switch key {
		case "address":
			u.Address = d.str(v, p, key)
		case "password":
			u.Password = d.str(v, p, key)
		case "quota":
			u.Quota = d.size(v, p, key)
		}
	})
	return u
}

func (d *decoder) message(n *yaml.Node, path string) Message {
	var m Message
	d.mapping(n, path, "a message", messageKeys, func(key string, v *yaml.Node, p string) {
		switch key {
		case "id":
			m.ID = d.str(v, p, key)
		case "at":
			m.At = d.duration(v, p, key)
		case "from":
			m.From = d.str(v, p, key)
		case "to":
			m.To = d.strs(v, p, key, "an address")
		case "cc":
			m.Cc = d.strs(v, p, key, "an address")
		case "bcc":
			m.Bcc = d.strs(v, p, key, "an address")
		case "subject":
			m.Subject = d.str(v, p, key)
		case "body":
			m.Body = d.str(v, p, key)
		case "attachments":
			d.list(v, p, key, "an attachment", func(v *yaml.Node, p string) {
				m.Attachments = append(m.Attachments, d.attachment(v, p))
			})
		}
	})
	return m
}

func (d *decoder) attachment(n *yaml.Node, path string) Attachment {
	var a Attachment
	sized := false
	d.mapping(n, path, "an attachment", attachmentKeys, func(key string, v *yaml.Node, p string) {
		switch key {
		case "name":
			a.Name = d.str(v, p, key)
		case "type":
			a.Type = d.str(v, p, key)
		case "size":
			a.Size, sized = d.size(v, p, key), true
		case "data":
			a.Data = d.data(v, p)
		}
	})
	// The file's own length is its size; writing both is allowed, and validate.go
	// checks that they agree.
	if a.Data != nil && !sized {
		a.Size = len(a.Data)
	}
	return a
}

// data decodes an attachment's content: text as written, or base64 after !!binary
// for files that are not text.
func (d *decoder) data(n *yaml.Node, path string) []byte {
	n = d.scalar(n, path, "data", "text, or !!binary and base64")
	if n == nil || isNull(n) {
		return nil
	}
	if n.ShortTag() != "!!binary" {
		return []byte(n.Value)
	}
	b, err := base64.StdEncoding.DecodeString(strings.Join(strings.Fields(n.Value), ""))
	if err != nil {
		d.errorf(n, path, "data is not base64 (expected base64 text after !!binary)")
		return nil
	}
	return b
}

func (d *decoder) fetch(n *yaml.Node, path string) Fetch {
	var f Fetch
	d.mapping(n, path, "a fetch", fetchKeys, func(key string, v *yaml.Node, p string) {
		switch key {
		case "at":
			f.At = d.duration(v, p, key)
		case "user":
			f.User = d.str(v, p, key)
		case "protocol":
			f.Protocol = d.str(v, p, key)
		case "password":
			f.Password = d.str(v, p, key)
		case "delete":
			f.Delete = d.boolean(v, p, key)
		}
	})
	return f
}

// record decodes one DNS record line with dns.ParseRecord, pointing a syntax error at
// the bad token inside the line. It records the position of the record's value (the
// last field) under path+"/value" for validate.go.
func (d *decoder) record(n *yaml.Node, path string) (dns.Record, bool) {
	const want = `a record such as "example.net MX 10 mx.example.net"`
	n = d.scalar(n, path, "a DNS record", want)
	if n == nil {
		return dns.Record{}, false
	}
	r, err := dns.ParseRecord(n.Value)
	if err != nil {
		var se *dns.SyntaxError
		if errors.As(err, &se) {
			d.errorAt(d.within(n, se.Col-1), path, "%s", withExpected(se.Msg, want))
		} else {
			d.errorf(n, path, "%s", withExpected(err.Error(), want))
		}
		return dns.Record{}, false
	}
	d.at[path+"/value"] = d.within(n, lastField(n.Value))
	return r, true
}

// lastField returns the offset of the last blank-separated field of a record line
// before any comment: the address of an A record. Only called on lines that parsed,
// where an A record has no quoted field for a ';' to hide in.
func lastField(line string) int {
	line, _, _ = strings.Cut(line, ";")
	line = strings.TrimRight(line, " \t\r\n")
	return strings.LastIndexAny(line, " \t") + 1
}

// fault decodes one fault spec with fault.Parse. It records the positions of the
// target and of a partition's peer inside the spec, so that an unknown host is
// pointed at exactly.
func (d *decoder) fault(n *yaml.Node, path string) (fault.Fault, bool) {
	const want = `a fault such as "down:mx.example.net,until=30m"`
	n = d.scalar(n, path, "a fault", want)
	if n == nil {
		return fault.Fault{}, false
	}
	f, err := fault.Parse(n.Value)
	if err != nil {
		var se *fault.SyntaxError
		if errors.As(err, &se) {
			d.errorAt(d.within(n, se.Col-1), path, "%s", withExpected(se.Msg, want))
		} else {
			d.errorf(n, path, "%s", withExpected(err.Error(), want))
		}
		return fault.Fault{}, false
	}
	head, rest, _ := strings.Cut(n.Value, ",")
	kind, target, _ := strings.Cut(head, ":")
	d.at[path+"/target"] = d.within(n, len(kind)+1+leadingBlanks(target))
	off := len(head) + 1
	for item := range strings.SplitSeq(rest, ",") {
		key, value, _ := strings.Cut(item, "=")
		if strings.EqualFold(strings.TrimSpace(key), "peer") {
			d.at[path+"/peer"] = d.within(n, off+len(key)+1+leadingBlanks(value))
		}
		off += len(item) + 1
	}
	return f, true
}

// withExpected adds "(expected want)" to a message from the dns or fault package
// that does not say what was expected, so that every message has the same shape.
func withExpected(msg, want string) string {
	if strings.Contains(msg, "(expected") || strings.Contains(msg, "(want") {
		return msg
	}
	return msg + " (expected " + want + ")"
}

func leadingBlanks(s string) int { return len(s) - len(strings.TrimLeft(s, " \t")) }

// within returns the file position of the octet at offset off of scalar n's value. A
// plain scalar's value starts at the node's column, a quoted one's a column later.
// When the value does not stand verbatim on the node's line (escapes, line folding,
// block scalars, tags), the offset cannot be mapped and the node's own position is the
// honest answer.
func (d *decoder) within(n *yaml.Node, off int) pos {
	at := pos{n.Line, n.Column}
	lead := 0
	switch {
	case n.Style&(yaml.LiteralStyle|yaml.FoldedStyle|yaml.TaggedStyle) != 0:
		return at
	case n.Style&(yaml.DoubleQuotedStyle|yaml.SingleQuotedStyle) != 0:
		lead = 1
	}
	off = max(0, min(off, len(n.Value)))
	if !d.verbatim(n, lead) {
		return at
	}
	return pos{n.Line, n.Column + lead + utf8.RuneCountInString(n.Value[:off])}
}

// verbatim reports whether n's value appears unchanged in its source line, lead
// columns after the node's start. Without the source (ParseNode) a one-line value
// that needs no escapes in its style is trusted.
func (d *decoder) verbatim(n *yaml.Node, lead int) bool {
	if d.lines == nil {
		switch {
		case strings.ContainsAny(n.Value, "\n\r\t"):
			return false
		case n.Style&yaml.SingleQuotedStyle != 0:
			return !strings.Contains(n.Value, "'")
		case n.Style&yaml.DoubleQuotedStyle != 0:
			return !strings.ContainsAny(n.Value, `"\`)
		}
		return true
	}
	if n.Line < 1 || n.Line > len(d.lines) {
		return false
	}
	line := d.lines[n.Line-1]
	// Columns count characters; step over them to the octet where the value starts.
	i := 0
	for range n.Column - 1 + lead {
		if i >= len(line) {
			return false
		}
		_, size := utf8.DecodeRuneInString(line[i:])
		i += size
	}
	return strings.HasPrefix(line[i:], n.Value)
}
