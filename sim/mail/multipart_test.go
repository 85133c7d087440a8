package mail

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"maps"
	"mime/multipart"
	"net/textproto"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

// multipartByWriter is how writeMultipart framed parts when it hashed their fields
// with fmt for the boundary: the reference its bytes must equal, since a DSN's
// boundary is part of every golden trace.
func multipartByWriter(parts []mimePart) ([]byte, string) {
	boundary := ""
	for n := 0; boundary == ""; n++ {
		h := sha256.New()
		fmt.Fprintf(h, "%d\n", n)
		for _, p := range parts {
			header := mimeHeader(p)
			for _, k := range slices.Sorted(maps.Keys(header)) {
				fmt.Fprintf(h, "%s: %q\n", k, header[k])
			}
			fmt.Fprintf(h, "%d\n", len(p.body))
			h.Write(p.body)
		}
		boundary = "=_" + hex.EncodeToString(h.Sum(nil)[:15])
		for _, p := range parts {
			if bytes.Contains(p.body, []byte("--"+boundary)) {
				boundary = ""
				break
			}
		}
	}
	var b bytes.Buffer
	b.WriteString("This is a multi-part message in MIME format.\r\n")
	w := multipart.NewWriter(&b)
	_ = w.SetBoundary(boundary)
	for _, p := range parts {
		pw, _ := w.CreatePart(mimeHeader(p))
		_, _ = pw.Write(p.body)
	}
	_ = w.Close()
	return b.Bytes(), boundary
}

// mimeHeader is the header of p as mime/multipart takes it.
func mimeHeader(p mimePart) textproto.MIMEHeader {
	h := textproto.MIMEHeader{}
	for _, f := range p.fields {
		h[f[0]] = []string{f[1]}
	}
	return h
}

// A multipart body is written byte for byte as before, with the same boundary.
func TestWriteMultipartIsWhatMultipartWrote(t *testing.T) {
	text := mimePart{fields: [][2]string{{"Content-Type", "text/plain; charset=utf-8"}, {"Content-Transfer-Encoding", "7bit"}},
		body: []byte("Hello.\r\n")}
	file := mimePart{fields: [][2]string{{"Content-Type", "image/png"}, {"Content-Disposition", `attachment; filename="a \"b\".png"`},
		{"Content-Transfer-Encoding", "base64"}, {"X-Note", "zwei – two"}}, body: []byte("iVBORw0KGgo=\r\n")}
	empty := mimePart{}
	for name, parts := range map[string][]mimePart{
		"one":                {text},
		"text and file":      {text, file},
		"no fields, no body": {empty, text},
		"three":              {text, file, text},
		"none":               {},
	} {
		want, wantBoundary := multipartByWriter(parts)
		got, boundary := writeMultipart(parts)
		assert.Equal(t, string(want), string(got), name)
		assert.Equal(t, wantBoundary, boundary, name)
	}
}

// crlfText and crlf write line endings as the three replacements they stand for did.
func TestLineEndingsAsReplaced(t *testing.T) {
	replaced := func(s string) string {
		s = strings.ReplaceAll(s, "\r\n", "\n")
		s = strings.ReplaceAll(s, "\r", "\n")
		return strings.ReplaceAll(s, "\n", "\r\n")
	}
	for _, s := range []string{"", "a", "a\r\n", "a\n", "a\r", "\r", "\n", "\r\n", "\n\r", "a\r\r\nb", "a\nb\r\nc\rd", "x\r\n\r\n.\r\n", "\r\r\n\n"} {
		want := replaced(s)
		if s != "" && !strings.HasSuffix(want, "\r\n") {
			want += "\r\n"
		}
		assert.Equal(t, want, string(crlfText(s)), "crlfText(%q)", s)
		assert.Equal(t, replaced(s), string(crlf([]byte(s))), "crlf(%q)", s)
		assert.Equal(t, replaced(s) == s, isCRLF([]byte(s)), "isCRLF(%q)", s)
	}
}
