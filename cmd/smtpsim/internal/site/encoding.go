package site

import (
	"strconv"
	"strings"
)

// An encoding is a content coding the server can send from a file made ahead of time.
type encoding struct {
	name   string // as in Content-Encoding
	suffix string // of the sibling file that holds it
}

// encodings lists the pre-compressed siblings in order of preference: when the browser
// likes two equally, Brotli wins (smaller, as fast to decode).
var encodings = []encoding{
	{"br", ".br"},
	{"gzip", ".gz"},
}

// negotiate picks the content coding to send for an Accept-Encoding header (RFC 9110
// §12.5.3) among the codings available for a file, or returns "" for the file as it is.
// The highest q-value wins; ties go to the order of available, then to identity. A coding
// the header does not name is covered by "*" if present, and is otherwise unacceptable,
// except identity, which is always acceptable unless refused, and then still sent when
// nothing else is (RFC 9110 allows that rather than an error).
func negotiate(header string, available []string) string {
	if len(available) == 0 || strings.TrimSpace(header) == "" {
		return ""
	}
	qs := map[string]float64{}
	for _, part := range strings.Split(header, ",") {
		coding, params, _ := strings.Cut(part, ";")
		coding = strings.ToLower(strings.TrimSpace(coding))
		if coding == "" {
			continue
		}
		q, ok := qvalue(params)
		if !ok {
			continue
		}
		if coding == "x-gzip" { // RFC 9110 §8.4.1.3: an alias of gzip
			coding = "gzip"
		}
		if old, seen := qs[coding]; !seen || q > old {
			qs[coding] = q
		}
	}
	qOf := func(coding string) float64 {
		if q, ok := qs[coding]; ok {
			return q
		}
		if q, ok := qs["*"]; ok {
			return q
		}
		if coding == "identity" {
			return 0.0001 // acceptable, but below anything the browser named
		}
		return 0
	}
	best, bestQ := "", qOf("identity")
	for _, coding := range available {
		if q := qOf(coding); q > 0 && (q > bestQ || q == bestQ && best == "") {
			best, bestQ = coding, q
		}
	}
	return best
}

// qvalue reads the weight from the parameters of one Accept-Encoding element: 1 when
// there is none, false when it is malformed (such an element is ignored).
func qvalue(params string) (float64, bool) {
	q := 1.0
	for _, p := range strings.Split(params, ";") {
		k, v, _ := strings.Cut(p, "=")
		if !strings.EqualFold(strings.TrimSpace(k), "q") {
			continue
		}
		f, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
		if err != nil || f < 0 || f > 1 {
			return 0, false
		}
		q = f
	}
	return q, true
}
