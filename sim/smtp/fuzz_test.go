package smtp_test

import (
	"bytes"
	"slices"
	"strings"
	"testing"

	"smtpsim/sim/smtp"
)

// FuzzServerCommands feeds arbitrary octets to a greeted server. It must never panic,
// answer every reply as well-formed wire text, and never answer more replies than
// lines it received.
func FuzzServerCommands(f *testing.F) {
	f.Add([]byte("EHLO x\r\nMAIL FROM:<a@b.c>\r\nRCPT TO:<alice@example.org>\r\nDATA\r\nhi\r\n.\r\nQUIT\r\n"))
	f.Add([]byte("AUTH PLAIN AGFsaWNlAHNlY3JldA==\r\n"))
	f.Fuzz(func(t *testing.T, in []byte) {
		srv := smtp.NewServer(smtp.Config{Hostname: "mx.example.org", Auth: true, StartTLS: true, MaxSize: 2048}, newTestPolicy(), "x")
		srv.Greeting()
		srv.Feed([]byte(ehlo))
		replies := srv.Feed(in)
		if len(replies) > bytes.Count(in, []byte{'\n'})+1 {
			t.Fatalf("%d replies to %d lines", len(replies), bytes.Count(in, []byte{'\n'}))
		}
		for _, r := range replies {
			w := r.Wire()
			if r.Code < 200 || r.Code > 599 || !bytes.HasSuffix(w, []byte("\r\n")) || bytes.Count(w, []byte("\r\n")) != len(r.Lines) {
				t.Fatalf("malformed reply %q", w)
			}
			if _, ok := smtp.Reasons[r.Reason]; !ok {
				t.Fatalf("reply %q has unknown reason %q", w, r.Reason)
			}
		}
	})
}

// FuzzDataReader compares the DATA reader with a plain reference: the data ends at
// the first <CRLF>.<CRLF> (counting the CRLF that ends the DATA command), and each
// line loses one leading dot.
func FuzzDataReader(f *testing.F) {
	f.Add([]byte("hello\r\n.\r\n"))
	f.Add([]byte("a\n.\nb\r\n.\r\n"))
	f.Fuzz(func(t *testing.T, in []byte) {
		srv, pol := openDataF(t)
		replies := srv.Feed(in)
		s := "\r\n" + string(in)
		m := strings.Index(s, "\r\n.\r\n")
		if m < 0 {
			if len(replies) != 0 {
				t.Fatalf("data ended without <CRLF>.<CRLF>: %q", in)
			}
			return
		}
		if len(replies) == 0 {
			t.Fatalf("no reply after <CRLF>.<CRLF> in %q", in)
		}
		raw := string(in[:m])
		tooLong := false
		lines := strings.Split(raw, "\r\n")
		if raw != "" {
			lines = lines[:len(lines)-1] // raw ends with CRLF
		} else {
			lines = nil
		}
		var want strings.Builder
		for _, l := range lines {
			if len(l)+2 > smtp.MaxTextLine {
				tooLong = true
			}
			want.WriteString(strings.TrimPrefix(l, "."))
			want.WriteString("\r\n")
		}
		switch {
		case tooLong:
			if replies[0].Code != 500 {
				t.Fatalf("long line answered %d", replies[0].Code)
			}
		case want.Len() > 4096:
			if replies[0].Code != 552 {
				t.Fatalf("too big answered %d", replies[0].Code)
			}
		default:
			if replies[0].Code != 250 || len(pol.delivered) != 1 || string(pol.delivered[0].Data) != want.String() {
				t.Fatalf("data %q: got %v %q, want %q", in, replies[0], pol.delivered, want.String())
			}
		}
	})
}

func openDataF(t *testing.T) (*smtp.Server, *testPolicy) {
	pol := newTestPolicy()
	srv := smtp.NewServer(smtp.Config{Hostname: "mx.example.org", MaxSize: 4096}, pol, "x")
	srv.Greeting()
	if got := srv.Feed([]byte(ehlo + mailA + rcptBob + "DATA\r\n")); len(got) != 4 || got[3].Code != 354 {
		t.Fatalf("setup: %v", got)
	}
	return srv, pol
}

// FuzzServerChunking feeds the same octets in one piece and cut in two: a server
// answers a conversation the same however its octets arrive, so long as no line is
// longer than it buffers and no STARTTLS drops what came with it (RFC 3207 §4.2).
// Commands of one piece share one string; this checks that the lines cut from it stay
// in step with the octets, across DATA and AUTH.
func FuzzServerChunking(f *testing.F) {
	f.Add([]byte("MAIL FROM:<a@b.c> SIZE=10\r\nRCPT TO:<alice@example.org>\r\nRCPT TO:<bob@example.org>\r\nDATA\r\nhi\r\n..dot\r\n.\r\nQUIT\r\n"), uint16(30))
	f.Add([]byte("AUTH LOGIN\r\nYWxpY2U=\r\nc2VjcmV0\r\nMAIL FROM:<a@b.c>\r\nRSET\r\nNOOP\r\n"), uint16(12))
	f.Add([]byte("AUTH PLAIN AGFsaWNlAHNlY3JldA==\nMAIL FROM:<a@b.c>\r\nEHLO again\r\nNOOP\n"), uint16(5))
	f.Add([]byte("MAIL FROM:<a@b.c>\r\nRCPT TO:<alice@example.org>\r\nDATA\r\nSubject: x\r\n\r\nbody\r\n.\r\nMAIL FROM:<b@b.c>\r\nQUIT\r\n"), uint16(70))
	f.Fuzz(func(t *testing.T, in []byte, cut uint16) {
		if longestLine(in) > smtp.MaxAuthLine || bytes.Contains(bytes.ToUpper(in), []byte("STARTTLS")) {
			return // cut where its octets end, or dropped with its piece: differently per chunking
		}
		answers := func(pieces ...[]byte) []string {
			srv := smtp.NewServer(smtp.Config{Hostname: "mx.example.org", Auth: true, StartTLS: true, MaxSize: 2048}, newTestPolicy(), "x")
			srv.Greeting()
			srv.Feed([]byte(ehlo))
			var got []string
			for _, p := range pieces {
				for _, r := range srv.Feed(p) {
					got = append(got, string(r.Wire()))
				}
			}
			return got
		}
		at := int(cut) % (len(in) + 1)
		whole := answers(in)
		if got := answers(in[:at], in[at:]); !slices.Equal(whole, got) {
			t.Fatalf("cut at %d: %q, in one piece %q", at, got, whole)
		}
		var bytewise [][]byte
		for i := range in {
			bytewise = append(bytewise, in[i:i+1])
		}
		if got := answers(bytewise...); !slices.Equal(whole, got) {
			t.Fatalf("octet by octet: %q, in one piece %q", got, whole)
		}
	})
}

// longestLine is the length of the longest line of in, or of the text after its
// last line end.
func longestLine(in []byte) int {
	longest := 0
	for line := range bytes.SplitSeq(in, []byte{'\n'}) {
		longest = max(longest, len(line))
	}
	return longest
}
