package pop3

import (
	"bytes"
	"testing"
)

// FuzzServerFeed feeds arbitrary octets to a logged-in session and checks what a client
// relies on: every response starts with +OK or -ERR, has a one-line status, ends in CRLF;
// a multi-line response ends at its only "." line; every command line gets exactly one
// response until the session ends; and chunking does not change the output.
func FuzzServerFeed(f *testing.F) {
	for _, seed := range []string{
		"STAT\r\nLIST\r\nUIDL\r\nRETR 2\r\nTOP 2 1\r\n",
		"DELE 1\r\nRSET\r\nDELE 3\r\nQUIT\r\n",
		"RETR 99999999999999999999\r\nTOP 1 -1\r\nLIST x\r\n",
		"NOOP\nnoop\r\n\r\n\n",
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		whole := NewServer(Config{Hostname: testHost}, newFixture(t))
		login := whole.Feed([]byte(loginLines))
		if len(login) != 2 || login[1].Reason != reasonLoginOK {
			t.Fatalf("login failed: %+v", login)
		}
		got := whole.Feed(data)
		if !whole.Done() {
			if lines := bytes.Count(data, []byte("\n")); len(got) != lines {
				t.Fatalf("%d responses to %d lines", len(got), lines)
			}
		}
		for _, resp := range got {
			checkWire(t, resp)
		}

		// The same octets one at a time must give the same octets back.
		split := NewServer(Config{Hostname: testHost}, newFixture(t))
		split.Feed([]byte(loginLines))
		var again []Response
		for i := range data {
			again = append(again, split.Feed(data[i:i+1])...)
		}
		if a, b := wireOf(got), wireOf(again); a != b {
			t.Fatalf("chunking changed the output:\nwhole %q\nsplit %q", a, b)
		}
		if whole.Done() != split.Done() {
			t.Fatalf("Done differs: %v and %v", whole.Done(), split.Done())
		}
	})
}

// checkWire checks the framing of one response as a client would read it.
func checkWire(t *testing.T, resp Response) {
	t.Helper()
	wire := resp.Wire()
	if !bytes.HasPrefix(wire, []byte("+OK")) && !bytes.HasPrefix(wire, []byte("-ERR")) {
		t.Fatalf("bad status: %q", wire)
	}
	if !bytes.HasSuffix(wire, []byte("\r\n")) {
		t.Fatalf("no CRLF at the end: %q", wire)
	}
	if _, ok := Reasons[resp.Reason]; !ok {
		t.Fatalf("unknown reason %q", resp.Reason)
	}
	status, body, _ := bytes.Cut(wire, []byte("\r\n"))
	if len(status)+2 > maxResponseLine || bytes.ContainsAny(status, "\r\n") {
		t.Fatalf("bad status line: %q", status)
	}
	if !resp.Multiline() {
		if len(body) != 0 {
			t.Fatalf("single-line response with more lines: %q", wire)
		}
		return
	}
	lines := bytes.SplitAfter(body, []byte("\r\n"))
	lines = lines[:len(lines)-1] // SplitAfter leaves an empty tail after the last CRLF
	for i, line := range lines {
		if !bytes.HasSuffix(line, []byte("\r\n")) || bytes.IndexByte(line[:len(line)-2], '\n') >= 0 {
			t.Fatalf("line %d not ended by CRLF alone: %q", i, line)
		}
		if (string(line) == ".\r\n") != (i == len(lines)-1) {
			t.Fatalf("terminating dot at line %d of %d: %q", i, len(lines), wire)
		}
	}
}
