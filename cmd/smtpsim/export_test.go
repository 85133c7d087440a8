package main

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"net/mail"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"smtpsim/lessons"
	"smtpsim/lessons/lessonfile"
	"smtpsim/sim/render"
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
	for _, format := range render.FormatNames() { // dmarc: TestExportDMARCReport

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
	assert.Regexp(t, `m1 to bob@example.net stays in the queue, next attempt [0-9:.]+: mx.example.net replied "450 4.2.0 <bob@example.net>`, events)
	assert.Contains(t, outcome, "delivered 250 2.0.0 in mx.example.net/bob@example.net")
	de := string(exportTo(t, "--format", "txt", "--lang", "de", "greylisting"))
	assert.Regexp(t, "m1 an bob@example.net bleibt in der Warteschlange, nächster Versuch [0-9:.]+: mx.example.net antwortete „450 4.2.0 <bob@example.net>", de)
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
	for _, e := range tr.All() {
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
		{[]string{"export", "--out", "-", "first-mail"}, 2, "--format is required (txt, json, eml, svg, pcap, dmarc)"},
		{[]string{"export", "--format", "png", "--out", "-", "first-mail"}, 2, `--format "png": expected one of txt, json, eml, svg, pcap, dmarc`},
		{[]string{"export", "--format", "eml", "--out", "-", "--report", "2", "first-mail"}, 2, "--report applies to --format dmarc only"},
		{[]string{"export", "--format", "dmarc", "--out", "-", "--report", "0", "first-mail"}, 2, "--report 0: expected a number from 1"},
		{[]string{"export", "--format", "dmarc", "--out", "-", "first-mail"}, 1, "this run has no DMARC aggregate report"},
		{[]string{"export", "--format", "dmarc", "--out", "-", "--report", "2", dmarcWorld}, 1, "--report 2: this run has 1 DMARC aggregate report(s); expected 1 to 1"},
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

// dmarcWorld sends two messages through a relay that example.org's SPF record does
// not list, to a receiver that checks senders; example.org asks for reports.
const dmarcWorld = "testdata/dmarc-report.yaml"

// TestExportDMARCReport: the aggregate report of a run is an XML document of RFC 7489
// Appendix C whose counts are the run's: both messages pass DKIM, fail SPF at the
// relay's address; a list footer from the second message on splits them into a
// quarantined row and a passing one. The same run gives the same bytes.
func TestExportDMARCReport(t *testing.T) {
	type row struct {
		IP          string `xml:"row>source_ip"`
		Count       int    `xml:"row>count"`
		Disposition string `xml:"row>policy_evaluated>disposition"`
		DKIM        string `xml:"row>policy_evaluated>dkim"`
		SPF         string `xml:"row>policy_evaluated>spf"`
		HeaderFrom  string `xml:"identifiers>header_from"`
		SPFDomain   string `xml:"auth_results>spf>domain"`
		SPFScope    string `xml:"auth_results>spf>scope"`
	}
	type feedback struct {
		XMLName xml.Name `xml:"feedback"`
		Org     string   `xml:"report_metadata>org_name"`
		Begin   int64    `xml:"report_metadata>date_range>begin"`
		End     int64    `xml:"report_metadata>date_range>end"`
		Domain  string   `xml:"policy_published>domain"`
		P       string   `xml:"policy_published>p"`
		Rows    []row    `xml:"record"`
	}
	for _, tc := range []struct {
		name   string
		faults []string
		want   []row
	}{
		{"both pass by DKIM", nil, []row{{"192.0.2.20", 2, "none", "pass", "fail", "example.org", "example.org", "mfrom"}}},
		{"a footer from 4m", []string{"--fault", "dkim-break:relay.example.org,from=4m"}, []row{
			{"192.0.2.20", 1, "none", "pass", "fail", "example.org", "example.org", "mfrom"},
			{"192.0.2.20", 1, "quarantine", "fail", "fail", "example.org", "example.org", "mfrom"}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			args := append([]string{"--format", "dmarc", dmarcWorld}, tc.faults...)
			out := exportTo(t, args...)
			assert.Equal(t, out, exportTo(t, args...))
			require.True(t, bytes.HasPrefix(out, []byte(xml.Header)), "%s", out)
			var got feedback
			require.NoError(t, xml.Unmarshal(out, &got))
			assert.Equal(t, "mx.example.net", got.Org)
			assert.Equal(t, "example.org", got.Domain)
			assert.Equal(t, "quarantine", got.P)
			assert.Equal(t, int64(1772442000), got.Begin) // the scenario's start, 2026-03-02T09:00:00Z
			assert.Greater(t, got.End, got.Begin)
			assert.Equal(t, tc.want, got.Rows)
		})
	}
}

// The MUAs' addresses in the capture are the ones the simulation gives them: each
// MUA's EHLO names its address literal.
func TestActorAddressesMatchTheWorld(t *testing.T) {
	for _, id := range []string{"first-mail", "team-mail", "newsletter"} {
		_, sc, err := exportScenario(id, "", "")
		require.NoError(t, err)
		addrs := world.New(*sc).Addresses()
		for _, e := range world.Run(*sc).All() {
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
	course, err := lessonfile.Course()
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
