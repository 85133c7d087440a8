package imap

import (
	"bytes"
	"testing"
)

// FuzzServerFeed feeds arbitrary bytes to a logged-in server with INBOX
// selected and small limits. The server must not panic, every response must end in CRLF and
// carry a known reason, and the answer must not depend on how the input is
// chunked.
func FuzzServerFeed(f *testing.F) {
	f.Add([]byte("a1 FETCH 1:* (FLAGS ENVELOPE BODY[])\r\n"))
	f.Fuzz(func(t *testing.T, input []byte) {
		whole := selectedServer(t)
		got := whole.Feed(input)
		for _, r := range got {
			w := r.Wire()
			if !bytes.HasSuffix(w, []byte("\r\n")) {
				t.Fatalf("response %q does not end in CRLF", w)
			}
			if _, ok := Reasons[r.Reason]; !ok {
				t.Fatalf("response %q has unknown reason %q", w, r.Reason)
			}
		}
		split := selectedServer(t)
		half := len(input) / 2
		again := append(split.Feed(input[:half]), split.Feed(input[half:])...)
		if !bytes.Equal([]byte(wire(got)), []byte(wire(again))) {
			t.Fatalf("chunking changed the answer:\nwhole: %q\nsplit: %q", wire(got), wire(again))
		}
	})
}

// selectedServer uses small limits so that the fuzzer reaches the paths
// for over-long lines and literals with small inputs.
func selectedServer(t *testing.T) *Server {
	s := NewServer(Config{MaxLine: 256, MaxLiteral: 1024}, fixture())
	s.Feed([]byte("a0 LOGIN bob secret\r\na0 SELECT INBOX\r\n"))
	if s.state != selected {
		t.Fatal("fixture did not select INBOX")
	}
	return s
}

// FuzzStructure parses arbitrary messages as MIME: the server must not
// panic, and every part number BODYSTRUCTURE shows must be one that
// BODY[n] finds.
func FuzzStructure(f *testing.F) {
	f.Add([]byte(msgMixed), uint32(3), uint32(1))
	f.Add([]byte(msgHello), uint32(1), uint32(1))
	f.Fuzz(func(t *testing.T, raw []byte, a, b uint32) {
		root := parseEntity(raw, "text/plain", 0)
		s := root.appendStructure(nil, true)
		if bytes.Count(s, []byte("(")) == 0 {
			t.Fatalf("structure %q has no list", s)
		}
		if e, _ := root.part([]uint32{1}); e == nil {
			t.Fatalf("message has no part 1 (RFC 9051 §6.4.5)")
		}
		if e, _ := root.part([]uint32{a, b}); e != nil {
			e.decoded()
		}
	})
}
