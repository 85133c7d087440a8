package main

import (
	"bytes"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net/mail"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"smtpsim/lessons"
	"smtpsim/sim/render/rendertest"
	"smtpsim/sim/trace"
	"smtpsim/sim/world"
)

// exportTo runs smtpsim export into a file of a temporary folder and returns its bytes.
func exportTo(t *testing.T, args ...string) []byte {
	t.Helper()
	out := filepath.Join(t.TempDir(), "export")
	code, stdout, stderr := runCLI(append([]string{"export", "--out", out}, args...)...)
	require.Equal(t, 0, code, "%v: %s", args, stderr)
	assert.Empty(t, stdout, "with --out FILE nothing goes to standard output")
	b, err := os.ReadFile(out)
	require.NoError(t, err)
	return b
}

// exportTrace is the run an export of a world with these faults is made from.
func exportTrace(t *testing.T, id string, faults ...string) *trace.Trace {
	t.Helper()
	_, sc, err := exportScenario(id, "", "")
	require.NoError(t, err)
	var ff faultFlags
	for _, f := range faults {
		require.NoError(t, ff.Set(f))
	}
	return world.Run(*sc, ff...)
}

func TestExportIsTheSameForTheSameSeed(t *testing.T) {
	for _, format := range exportFormats {
		for _, args := range [][]string{
			{"first-mail"},
			{"journey"},
			{"pickup", "--seed", "7", "--model", "store-and-forward"},
			{"bounce", "--fault", "greylist:mx.example.net"},
		} {
			all := append([]string{"--format", format}, args...)
			a := exportTo(t, all...)
			b := exportTo(t, all...)
			require.NotEmpty(t, a, "%v", all)
			assert.True(t, bytes.Equal(a, b), "%v: two exports differ", all)
			code, stdout, stderr := runCLI(append([]string{"export", "--out", "-"}, all...)...)
			require.Equal(t, 0, code, stderr)
			assert.True(t, bytes.Equal(a, []byte(stdout)), "%v: --out - writes the same bytes", all)
		}
	}
}

// TestExportTranscriptAndJSONAreTheRunsTrace: the transcript has the run's events at
// their times, protocol lines as run prints them and the rest in the page's words, in
// the language asked for; the JSON is the run's.
func TestExportTranscriptAndJSONAreTheRunsTrace(t *testing.T) {
	_, text, _ := runCLI("run", "greylisting", "--format", "text")
	_, header, _ := strings.Cut(text, "\n") // run puts the scenario's name first
	runEvents, _, _ := strings.Cut(header, "\nOutcome:")
	txt := string(exportTo(t, "--format", "txt", "greylisting"))
	events, outcome, ok := strings.Cut(txt, "\nOutcome:")
	require.True(t, ok, txt)
	want, got := strings.Split(runEvents, "\n"), strings.Split(events, "\n")
	require.Equal(t, len(want), len(got))
	for i := range want {
		if want[i] == "" {
			assert.Empty(t, got[i])
			continue
		}
		clock, _, _ := strings.Cut(want[i], " ")
		assert.True(t, strings.HasPrefix(got[i], clock+" "), got[i])
		if strings.Contains(want[i], "  C: ") || strings.Contains(want[i], "  S: ") {
			assert.Equal(t, want[i], got[i])
		}
	}
	assert.Contains(t, events, `m1 to bob@example.net stays in the queue: mx.example.net replied "450 4.2.0 <bob@example.net>`)
	assert.Contains(t, outcome, "delivered 250 2.0.0 in mx.example.net/bob@example.net")
	de := string(exportTo(t, "--format", "txt", "--lang", "de", "greylisting"))
	assert.Contains(t, de, "m1 an bob@example.net bleibt in der Warteschlange: mx.example.net antwortete „450 4.2.0 <bob@example.net>")
	assert.Contains(t, de, "\nErgebnis:\n")
	_, jsonl, _ := runCLI("run", "greylisting", "--format", "json", "--fault", "unknown-user:bob@example.net")
	assert.Equal(t, jsonl, string(exportTo(t, "--format", "json", "--fault", "unknown-user:bob@example.net", "greylisting")))
}

func TestExportMessage(t *testing.T) {
	first := string(exportTo(t, "--format", "eml", "first-mail"))
	assert.True(t, strings.HasPrefix(first, "Return-Path: <alice@example.org>\r\nReceived: from mail.example.org"), first)
	assert.Contains(t, first, "\r\nSubject: Lunch on Friday?\r\n")
	assert.Equal(t, first, string(exportTo(t, "--format", "eml", "--message", "1", "first-mail")))

	// Bob's client fetches his messages over POP3 and deletes them; the export still
	// has them, exactly as the server handed them out.
	tr := exportTrace(t, "pickup")
	var retrieved []string
	for _, e := range tr.Events {
		if e.Kind == trace.KindData && e.Proto == "pop3" {
			body := strings.TrimSuffix(string(e.Payload), ".\r\n")
			retrieved = append(retrieved, strings.ReplaceAll("\r\n"+body, "\r\n..", "\r\n.")[2:])
		}
	}
	require.Len(t, retrieved, 2)
	var byUser []string
	for n := 1; ; n++ {
		code, stdout, stderr := runCLI("export", "--format", "eml", "--message", strconv.Itoa(n), "--out", "-", "pickup")
		if code != 0 {
			assert.Equal(t, 1, code)
			assert.Contains(t, stderr, fmt.Sprintf("--message %d: this run delivered %d message(s) into mailboxes; expected 1 to %d", n, n-1, n-1))
			break
		}
		byUser = append(byUser, stdout)
	}
	require.Len(t, byUser, 4, "two messages to two users")
	assert.Contains(t, byUser, retrieved[0])
	assert.Contains(t, byUser, retrieved[1])

	// A bounce is the DSN in the sender's mailbox.
	var dsn string
	for n := 1; n <= 10 && dsn == ""; n++ {
		code, stdout, _ := runCLI("export", "--format", "eml", "--message", strconv.Itoa(n), "--out", "-", "bounce")
		require.Equal(t, 0, code, "message %d", n)
		if strings.Contains(stdout, "multipart/report") {
			dsn = stdout
		}
	}
	require.NotEmpty(t, dsn, "the bounce scenario delivers a DSN")
	m, err := mail.ReadMessage(strings.NewReader(dsn))
	require.NoError(t, err)
	assert.Equal(t, "<>", m.Header.Get("Return-Path"))
	assert.Contains(t, m.Header.Get("Content-Type"), "report-type=delivery-status")
}

func TestExportDiagram(t *testing.T) {
	svg := exportTo(t, "--format", "svg", "dns-routes")
	els, err := rendertest.Read(svg)
	require.NoError(t, err, "well-formed XML")
	groups := len(rendertest.Named(els, "g"))
	all := strings.Join(rendertest.Texts(els, "text"), "\n")
	for _, want := range []string{"Finding the way with DNS", "alice@example.org (MUA)", "mx1.example.net", "DNS",
		"? nowhere.example MX", "nowhere.example MX: NXDOMAIN", "m1 to frank@example.edu failed for good: no server reply, status 5.1.10: Domain takes no mail", "✓ 250 2.0.0 Ok", "<style>"} {
		if want == "<style>" {
			assert.Contains(t, string(svg), want, "the style travels with the file")
			continue
		}
		assert.Contains(t, all, want)
	}
	assert.Greater(t, groups, 90, "a group per lane and per row")
}

func TestExportErrors(t *testing.T) {
	dir := t.TempDir()
	tests := []struct {
		args []string
		code int
		msg  string
	}{
		{[]string{"export", "--out", "-", "first-mail"}, 2, "--format is required (txt, json, eml, svg, pcap)"},
		{[]string{"export", "--format", "png", "--out", "-", "first-mail"}, 2, `--format "png": expected one of txt, json, eml, svg, pcap`},
		{[]string{"export", "--format", "txt", "first-mail"}, 2, "--out is required"},
		{[]string{"export", "--format", "txt", "--out", "-"}, 2, "need exactly one lesson id, scenario id or file"},
		{[]string{"export", "--format", "txt", "--out", "-", "no-such-thing"}, 2, `"no-such-thing" is neither a lesson`},
		{[]string{"export", "--format", "txt", "--out", "-", "--seed", "x", "first-mail"}, 2, "non-negative integer"},
		{[]string{"export", "--format", "txt", "--out", "-", "--model", "sideways", "first-mail"}, 2, "expected end-to-end or store-and-forward"},
		{[]string{"export", "--format", "txt", "--out", "-", "--fault", "explode:x", "first-mail"}, 2, `unknown fault kind "explode"`},
		{[]string{"export", "--format", "eml", "--out", "-", "--message", "0", "first-mail"}, 2, "--message 0: expected a number from 1"},
		{[]string{"export", "--format", "txt", "--out", "-", "--message", "2", "first-mail"}, 2, "--message applies to --format eml only"},
		{[]string{"export", "--format", "txt", "--out", "-", "--lang", "fr", "first-mail"}, 2, `--lang "fr": expected`},
		{[]string{"export", "--format", "eml", "--out", "-", "--message", "3", "first-mail"}, 1, "--message 3: this run delivered 1 message(s) into mailboxes; expected 1 to 1"},
		{[]string{"export", "--format", "eml", "--out", "-", "--fault", "down:mail.example.org", "first-mail"}, 1, "this run delivered no message into a mailbox"},
		{[]string{"export", "--format", "txt", "--out", filepath.Join(dir, "no", "such", "dir"), "first-mail"}, 1, "no such file or directory"},
	}
	for _, tt := range tests {
		code, _, stderr := runCLI(tt.args...)
		assert.Equal(t, tt.code, code, "%v: %s", tt.args, stderr)
		assert.Contains(t, stderr, tt.msg, "%v", tt.args)
	}
	assert.NoFileExists(t, filepath.Join(dir, "no", "such", "dir"))
}

// The MUAs' addresses in the capture are the ones the simulation gives them: each
// MUA's EHLO names its address literal.
func TestActorAddressesMatchTheWorld(t *testing.T) {
	for _, id := range []string{"first-mail", "team-mail", "newsletter"} {
		_, sc, err := exportScenario(id, "", "")
		require.NoError(t, err)
		addrs := world.New(*sc).Addresses()
		for _, e := range world.Run(*sc).Events {
			if e.Kind == trace.KindLine && strings.HasPrefix(e.Actor, "MUA ") && strings.HasPrefix(e.Line, "EHLO ") {
				assert.Equal(t, "EHLO ["+addrs[e.Actor]+"]", e.Line, "%s: %s", id, e.Actor)
			}
		}
	}
}

// Every built-in world in both models, and the first one under every kind of fault,
// turns into a capture: the trace is always consistent enough for one.
func TestCaptureOfEveryRun(t *testing.T) {
	ids := lessons.ScenarioIDs()
	course, err := lessons.Course()
	require.NoError(t, err)
	for _, l := range course {
		ids = append(ids, l.ID)
	}
	type run struct {
		id, model string
		faults    []string
	}
	var runs []run
	for _, id := range ids {
		for _, m := range []string{"end-to-end", "store-and-forward"} {
			runs = append(runs, run{id, m, nil})
		}
	}
	for _, f := range []string{"refuse:mx.example.net", "refuse:mail.example.org,port=587", "dead-mx:example.net", "null-mx:example.net",
		"drop:mx.example.net,when=after-dot,count=1", "drop:mx.example.net,when=before-dot,count=1",
		"slow:mx.example.net,delay=6m,count=1", "slow:mx.example.net,delay=11m", "nxdomain:example.net", "servfail:example.net,count=2",
		"no-mx:example.net", "wrong-password:bob@example.net", "no-auth:alice@example.org", "shutdown:mx.example.net,cmd=RCPT",
		"greylist:mx.example.net", "too-large:mx.example.net,size=100", "partition:mail.example.org,peer=mx.example.net,until=1h",
		"down:mx.example.net,until=2h", "down:mail.example.org", "tls-required:mx.example.net", "unknown-user:bob@example.net",
		"mailbox-full:bob@example.net", "reply:mx.example.net,cmd=DATA,code=451"} {
		runs = append(runs, run{"first-mail", "", []string{f}})
	}
	for _, r := range runs {
		args := []string{"export", "--format", "pcap", "--out", "-", r.id}
		if r.model != "" {
			args = append(args, "--model", r.model)
		}
		for _, f := range r.faults {
			args = append(args, "--fault", f)
		}
		code, stdout, stderr := runCLI(args...)
		if assert.Equal(t, 0, code, "%v: %s", args, stderr) {
			assert.Greater(t, len(stdout), 24, "%v: more than the file header", args)
		}
	}
}

// tsharkFrames decodes a capture with tshark and returns, for each frame, the values
// of the fields asked for.
func tsharkFrames(t *testing.T, file string, fields ...string) []map[string][]string {
	t.Helper()
	bin, err := exec.LookPath("tshark")
	if err != nil {
		t.Fatalf("tshark is not installed, and this test needs it to check that Wireshark decodes the capture: " +
			"install the Debian package tshark (.ci/run does)")
	}
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
			for _, e := range tr.Events {
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
