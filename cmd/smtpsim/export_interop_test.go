//go:build interop

// Tests that drive tshark, Wireshark's command-line decoder, to check that the
// captures smtpsim export writes are decoded as the trace says.

package main

import (
	"bytes"
	"io"
	"mime"
	"mime/multipart"
	"net/mail"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"smtpsim/sim/trace"
)

// requireProgram returns the path of an outside program that an interop test drives;
// without it the test fails (it does not skip), saying how to install it.
func requireProgram(t testing.TB, name, install string) string {
	t.Helper()
	path, err := exec.LookPath(name)
	require.NoError(t, err, "%s is not installed, and the interop tests (-tags interop) need it: %s (.ci/run does)", name, install)
	return path
}

// tsharkFrames decodes a capture with tshark and returns, for each frame, the values
// of the fields asked for.
func tsharkFrames(t *testing.T, file string, fields ...string) []map[string][]string {
	t.Helper()
	bin := requireProgram(t, "tshark", "apt-get install -y tshark")
	args := []string{"-r", file, "-n",
		"-o", "tcp.check_checksum:TRUE", "-o", "ip.check_checksum:TRUE", "-o", "udp.check_checksum:TRUE",
		"-T", "fields", "-E", "occurrence=a", "-E", "aggregator=\x1e", "-E", "separator=\x1f"}
	for _, f := range fields {
		args = append(args, "-e", f)
	}
	cmd := exec.Command(bin, args...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	require.NoError(t, err, "tshark: %s", stderr.String())
	var frames []map[string][]string
	for line := range strings.SplitSeq(strings.TrimSuffix(string(out), "\n"), "\n") {
		cols := strings.Split(line, "\x1f")
		require.Len(t, cols, len(fields), line)
		f := map[string][]string{}
		for i, c := range cols {
			if c != "" {
				f[fields[i]] = strings.Split(c, "\x1e")
			}
		}
		frames = append(frames, f)
	}
	return frames
}

// subjects lists the Subject fields of a message and of the messages inside it (the
// returned message of a DSN), as Wireshark's IMF dissector finds them.
func subjects(t *testing.T, msg []byte) []string {
	m, err := mail.ReadMessage(bytes.NewReader(msg))
	require.NoError(t, err)
	out := []string{m.Header.Get("Subject")}
	mediaType, params, err := mime.ParseMediaType(m.Header.Get("Content-Type"))
	if err != nil || !strings.HasPrefix(mediaType, "multipart/") {
		return out
	}
	parts := multipart.NewReader(m.Body, params["boundary"])
	for {
		p, err := parts.NextPart()
		if err == io.EOF {
			return out
		}
		require.NoError(t, err)
		if strings.HasPrefix(p.Header.Get("Content-Type"), "message/rfc822") {
			inner, err := io.ReadAll(p)
			require.NoError(t, err)
			out = append(out, subjects(t, inner)...)
		}
	}
}

// tagged matches an IMAP completion reply: "a3 OK FETCH completed".
var tagged = regexp.MustCompile(`^[^*+ ]\S* (OK|NO|BAD)( |$)`)

// dnsTypes names the record types of a capture.
var dnsTypes = map[string]string{"1": "A", "15": "MX", "16": "TXT"}

func TestCaptureDecodedByTshark(t *testing.T) {
	fields := []string{"frame.number", "frame.time_epoch", "tcp.srcport", "tcp.dstport",
		"ip.checksum.status", "tcp.checksum.status", "udp.checksum.status", "_ws.expert.severity", "_ws.expert.message",
		"smtp.req.command", "smtp.response.code",
		"dns.flags.response", "dns.flags.rcode", "dns.qry.name", "dns.qry.type", "dns.resp.type",
		"dns.mx.preference", "dns.mx.mail_exchange", "dns.a", "dns.txt",
		"imf.subject",
		"pop.request.command", "pop.request.parameter", "pop.response.indicator", "pop.response.description",
		"imap.request", "imap.response"}
	for _, tc := range []struct {
		id    string
		fault string
	}{
		{"first-mail", ""}, {"dns-routes", ""}, {"pickup", ""}, {"bounce", ""}, {"picking-up", ""}, {"retries", ""},
		{"first-mail", "drop:mx.example.net,when=after-dot,count=1"}, {"first-mail", "refuse:mx.example.net,until=10m"},
	} {
		id := tc.id
		t.Run(strings.TrimSuffix(id+" "+tc.fault, " "), func(t *testing.T) {
			file := filepath.Join(t.TempDir(), id+".pcap")
			args := []string{"export", "--format", "pcap", "--out", file, id}
			var faults []string
			if tc.fault != "" {
				args, faults = append(args, "--fault", tc.fault), []string{tc.fault}
			}
			code, _, stderr := runCLI(args...)
			require.Equal(t, 0, code, stderr)
			tr := exportTrace(t, id, faults...)

			// What the trace says travelled, protocol by protocol, in order.
			var commands, codes, queries, answers, smtpSubjects, fetchSubjects, popRequests, popResponses, imapRequests, imapTagged []string
			authContinues := false
			for _, e := range tr.All() {
				switch {
				case e.Kind == trace.KindLine && e.Proto == "smtp" && e.Dir == trace.DirSend:
					if e.Line != "." && !authContinues {
						verb, _, _ := strings.Cut(e.Line, " ")
						commands = append(commands, strings.ToUpper(verb))
					}
				case e.Kind == trace.KindLine && e.Proto == "smtp":
					if len(e.Line) < 4 || e.Line[3] != '-' {
						codes = append(codes, e.Line[:3])
						authContinues = strings.HasPrefix(e.Line, "334")
					}
				case e.Kind == trace.KindData && e.Proto == "smtp":
					smtpSubjects = append(smtpSubjects, subjects(t, e.Payload)...)
				case e.Kind == trace.KindData:
					fetchSubjects = append(fetchSubjects, subjects(t, e.Payload)...)
				case e.Kind == trace.KindDNSQuery:
					queries = append(queries, e.Line)
				case e.Kind == trace.KindDNSAnswer:
					answers = append(answers, e.Line)
				case e.Kind == trace.KindLine && e.Proto == "pop3" && e.Dir == trace.DirSend:
					popRequests = append(popRequests, e.Line)
				case e.Kind == trace.KindLine && e.Proto == "pop3":
					popResponses = append(popResponses, e.Line)
				case e.Kind == trace.KindLine && e.Proto == "imap" && e.Dir == trace.DirSend:
					imapRequests = append(imapRequests, e.Line)
				case e.Kind == trace.KindLine && e.Proto == "imap" && tagged.MatchString(e.Line):
					imapTagged = append(imapTagged, e.Line)
				}
			}
			require.NotEmpty(t, commands)
			require.NotEmpty(t, answers)

			// What tshark decoded, in frame order.
			var gotCommands, gotCodes, gotQueries, gotAnswers, gotSMTPSubjects, gotFetchSubjects, gotPopRequests, gotPopResponses, gotIMAPRequests, gotIMAPTagged []string
			frames := tsharkFrames(t, file, fields...)
			require.NotEmpty(t, frames)
			assert.Equal(t, strconv.FormatInt(tr.Start.Unix(), 10)+".000000000", frames[0]["frame.time_epoch"][0], "the capture starts at the trace's start")
			for _, f := range frames {
				n := f["frame.number"][0]
				for _, k := range []string{"ip.checksum.status", "tcp.checksum.status", "udp.checksum.status"} {
					for _, v := range f[k] {
						assert.Equal(t, "1", v, "frame %s: %s (1 is good)", n, k)
					}
				}
				for i, sev := range f["_ws.expert.severity"] {
					level, err := strconv.ParseUint(sev, 0, 32)
					require.NoError(t, err)
					assert.Less(t, level, uint64(0x00800000), "frame %s: expert error %s", n, f["_ws.expert.message"][i])
				}
				gotCommands = append(gotCommands, f["smtp.req.command"]...)
				gotCodes = append(gotCodes, f["smtp.response.code"]...)
				if len(f["dns.qry.name"]) > 0 {
					name, typ := f["dns.qry.name"][0], dnsTypes[f["dns.qry.type"][0]]
					if f["dns.flags.response"][0] == "0" && len(f["dns.flags.response"]) == 1 {
						gotQueries = append(gotQueries, name+" "+typ)
					} else {
						gotAnswers = append(gotAnswers, answerLine(f, name, typ))
					}
				}
				port := func(k string) string {
					if v := f[k]; len(v) > 0 {
						return v[0]
					}
					return ""
				}
				if s := f["imf.subject"]; len(s) > 0 {
					switch port("tcp.dstport") {
					case "25", "587":
						gotSMTPSubjects = append(gotSMTPSubjects, s...)
					default:
						gotFetchSubjects = append(gotFetchSubjects, s...)
					}
				}
				for i, c := range f["pop.request.command"] {
					line := c
					if p := f["pop.request.parameter"]; i < len(p) && p[i] != "" {
						line += " " + p[i]
					}
					gotPopRequests = append(gotPopRequests, line)
				}
				for i, c := range f["pop.response.indicator"] {
					line := c
					if d := f["pop.response.description"]; i < len(d) && d[i] != "" {
						line += " " + d[i]
					}
					gotPopResponses = append(gotPopResponses, line)
				}
				gotIMAPRequests = append(gotIMAPRequests, f["imap.request"]...)
				for _, r := range f["imap.response"] {
					if tagged.MatchString(r) { // not the rest of a FETCH after its literal
						gotIMAPTagged = append(gotIMAPTagged, r)
					}
				}
			}
			assert.Equal(t, commands, gotCommands, "every SMTP command, in trace order")
			assert.Equal(t, codes, gotCodes, "every SMTP reply, in trace order")
			assert.Equal(t, queries, gotQueries, "every DNS question")
			assert.Equal(t, answers, gotAnswers, "every DNS answer, records and response code")
			assert.Equal(t, smtpSubjects, gotSMTPSubjects, "the message after each DATA, read by the IMF dissector")
			assert.Equal(t, fetchSubjects, gotFetchSubjects, "the messages fetched over POP3 and IMAP")
			assert.Equal(t, popRequests, gotPopRequests, "POP3 commands")
			assert.Equal(t, popResponses, gotPopResponses, "POP3 replies")
			assert.Equal(t, imapRequests, gotIMAPRequests, "IMAP commands")
			assert.Equal(t, imapTagged, gotIMAPTagged, "IMAP completion replies")
			if id == "dns-routes" {
				assert.Contains(t, gotAnswers, "example.net MX: 10 mx1.example.net, 20 mx2.example.net")
				assert.Contains(t, gotAnswers, "example.edu MX: 0 .")
				assert.Contains(t, gotAnswers, "nowhere.example MX: NXDOMAIN")
			}
			if id == "pickup" || id == "picking-up" {
				assert.NotEmpty(t, gotPopRequests)
				assert.NotEmpty(t, gotIMAPRequests)
				assert.NotEmpty(t, gotFetchSubjects)
			}
		})
	}
}

// answerLine writes a DNS response as tshark decoded it the way the trace shows an
// answer: "example.net MX: 10 mx1.example.net, 20 mx2.example.net".
func answerLine(f map[string][]string, name, typ string) string {
	head := name + " " + typ + ": "
	switch f["dns.flags.rcode"][0] {
	case "0":
	case "2":
		return head + "SERVFAIL"
	case "3":
		return head + "NXDOMAIN"
	default:
		return head + "rcode " + f["dns.flags.rcode"][0]
	}
	var data []string
	switch typ {
	case "MX":
		for i, host := range f["dns.mx.mail_exchange"] {
			if host == "<Root>" {
				host = "."
			}
			data = append(data, f["dns.mx.preference"][i]+" "+host)
		}
	case "A":
		data = f["dns.a"]
	case "TXT":
		for _, s := range f["dns.txt"] {
			data = append(data, strconv.Quote(s))
		}
	}
	if len(data) == 0 {
		return head + "no records (NOERROR)"
	}
	return head + strings.Join(data, ", ")
}
