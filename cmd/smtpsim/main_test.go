package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func runCLI(args ...string) (int, string, string) {
	var out, errOut bytes.Buffer
	code := run(args, &out, &errOut)
	return code, out.String(), errOut.String()
}

func TestRunText(t *testing.T) {
	code, out, errOut := runCLI("run", "greylisting", "--format", "text")
	require.Equal(t, 0, code, errOut)
	assert.Contains(t, out, "mail.example.org → mx.example.net  C: RCPT TO:<bob@example.net>")
	assert.Contains(t, out, "S: 450 4.2.0 <bob@example.net>: Recipient address rejected: Greylisted")
	assert.Contains(t, out, "m1 bob@example.net")
	assert.Contains(t, out, "delivered 250 2.0.0 in mx.example.net/bob@example.net")
}

func TestRunJSONWithFaultAndModel(t *testing.T) {
	code, out, errOut := runCLI("run", "--format=json", "--model", "store-and-forward", "--seed", "9", "--fault", "unknown-user:bob@example.net", "first-mail")
	require.Equal(t, 0, code, errOut)
	lines := strings.Split(strings.TrimSpace(out), "\n")
	var last map[string]any
	require.NoError(t, json.Unmarshal([]byte(lines[len(lines)-1]), &last))
	assert.Equal(t, "summary", last["kind"])
	rcpt := last["recipients"].([]any)[0].(map[string]any)
	assert.Equal(t, "bounced", rcpt["outcome"])
	assert.Equal(t, "5.1.1", rcpt["status"])
	var first map[string]any
	require.NoError(t, json.Unmarshal([]byte(lines[0]), &first))
	for _, k := range []string{"seq", "time_ms", "kind", "actor"} {
		assert.Contains(t, first, k)
	}
	// The same run twice gives the same bytes.
	_, again, _ := runCLI("run", "--format=json", "--model", "store-and-forward", "--seed", "9", "--fault", "unknown-user:bob@example.net", "first-mail")
	assert.Equal(t, out, again)
}

// TestRunJSONPayloads: the exact octets are in the JSON trace only when asked for, and
// a deliver event's payload is the message as filed into the mailbox.
func TestRunJSONPayloads(t *testing.T) {
	type event struct {
		Kind    string `json:"kind"`
		Mailbox string `json:"mailbox"`
		UID     uint32 `json:"uid"`
		Payload []byte `json:"payload"`
	}
	read := func(out string) []event {
		var evs []event
		for _, l := range strings.Split(strings.TrimSpace(out), "\n") {
			var e event
			require.NoError(t, json.Unmarshal([]byte(l), &e))
			evs = append(evs, e)
		}
		return evs
	}
	code, plain, errOut := runCLI("run", "--format", "json", "first-mail")
	require.Equal(t, 0, code, errOut)
	assert.NotContains(t, plain, `"payload"`)
	code, full, errOut := runCLI("run", "--format", "json", "--payloads", "first-mail")
	require.Equal(t, 0, code, errOut)
	var delivered []event
	for _, e := range read(full) {
		if e.Kind == "deliver" {
			delivered = append(delivered, e)
		}
	}
	require.Len(t, delivered, 1)
	assert.Equal(t, "bob@example.net", delivered[0].Mailbox)
	assert.Equal(t, uint32(1), delivered[0].UID)
	assert.True(t, bytes.HasPrefix(delivered[0].Payload, []byte("Return-Path: <alice@example.org>\r\n")), "%q", delivered[0].Payload)
	_, eml, _ := runCLI("export", "--format", "eml", "--out", "-", "first-mail")
	assert.Equal(t, eml, string(delivered[0].Payload), "the .eml export is the filed message")
}

func TestRunErrors(t *testing.T) {
	tests := []struct {
		args []string
		code int
		msg  string
	}{
		{[]string{"run"}, 2, "need exactly one scenario"},
		{[]string{"run", "no-such-lesson"}, 2, `"no-such-lesson" is neither a lesson`},
		{[]string{"run", "journey", "--lang", "fr"}, 2, "expected en or de"},
		{[]string{"run", "first-mail", "--fault", "explode:mx"}, 2, `unknown fault kind "explode"`},
		{[]string{"run", "first-mail", "--model", "sideways"}, 2, "expected end-to-end or store-and-forward"},
		{[]string{"run", "first-mail", "--format", "xml"}, 2, "expected text, html or json"},
		{[]string{"run", "first-mail", "--format", "html"}, 2, "--format html is a lesson's handout"},
		{[]string{"run", "journey", "--format", "json", "--no-answers"}, 2, "apply to a lesson's handout"},
		{[]string{"run", "journey", "--answers-only"}, 2, "--answers-only is an HTML answer key"},
		{[]string{"run", "first-mail", "--seed", "-1"}, 2, "non-negative integer"},
		{[]string{"run", "first-mail", "--payloads"}, 2, "--payloads applies to --format json only"},
		{[]string{"frobnicate"}, 2, `unknown command "frobnicate"`},
		{[]string{"validate"}, 2, "need one or more files"},
	}
	for _, tt := range tests {
		code, _, errOut := runCLI(tt.args...)
		assert.Equal(t, tt.code, code, "%v: %s", tt.args, errOut)
		assert.Contains(t, errOut, tt.msg, "%v", tt.args)
	}
}

func TestValidate(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.yaml")
	require.NoError(t, os.WriteFile(bad, []byte("name: x\nhostz: []\nmodel: sideways\n"), 0o644))
	code, out, _ := runCLI("validate", bad, "../../lessons/scenarios/first-mail.yaml")
	assert.Equal(t, 1, code)
	assert.Equal(t, bad+`:2:1: unknown key "hostz" (expected one of name, seed, model, start, latency, retry, greylist, horizon, hosts, dns, users, messages, fetch, faults, mta-sts, dkim, description)`+"\n"+
		bad+`:3:8: model is "sideways" (expected end-to-end or store-and-forward)`+"\n", out)
	code, out, _ = runCLI("validate", "../../lessons/scenarios/first-mail.yaml", "../../lessons/scenarios/bounce.yaml")
	assert.Equal(t, 0, code)
	assert.Empty(t, out)
}

func TestLessonsAndHandout(t *testing.T) {
	code, out, _ := runCLI("lessons", "--lang", "de")
	require.Equal(t, 0, code)
	assert.Contains(t, out, "journey\tDie Reise einer E-Mail\n")
	code, out, errOut := runCLI("run", "journey", "--lang", "de", "--format", "text")
	require.Equal(t, 0, code, errOut)
	assert.True(t, strings.HasPrefix(out, "# Die Reise einer E-Mail\n"))
	q := strings.Index(out, "?  Bobs Adresse endet")
	ev := strings.Index(out, "mail.example.org → dns  Anfrage example.net MX")
	a := strings.Index(out, "=  b) Er fragt das DNS")
	require.True(t, q >= 0 && ev >= 0 && a >= 0, out)
	assert.Less(t, q, ev, "the question comes before the event")
	assert.Less(t, ev, a, "the answer after it")
	assert.Contains(t, out, "smtpsim run journey --lang de --fault 'down:mx.example.net,until=20m'")
	assert.Regexp(t, `\n  \?  Um \d\d:\d\d öffnet Bob sein Mailprogramm`, out, "a placeholder filled in from this run, in German")
	assert.Contains(t, out, "zugestellt: ins Postfach von bob@example.net abgelegt", "events told in German")
	assert.NotContains(t, out, "filed into", "no English event text in the German handout")
}

// TestHandoutFollowsTheRun: a handout of a run with a fault says where it differs from
// the lesson's, does not tell the lesson's delivery that did not happen, and leaves out
// the question whose answer this run does not bear out.
func TestHandoutFollowsTheRun(t *testing.T) {
	for _, tt := range []struct{ lang, differs, deliver, question string }{
		{"en", "With your change this run differs from the lesson from step", "files the message into Bob's mailbox", "=  c)"},
		{"de", "anders als in der Lektion", "legt die Nachricht in Bobs Postfach ab", "=  c)"},
	} {
		code, plain, errOut := runCLI("run", "one-message", "--lang", tt.lang)
		require.Equal(t, 0, code, errOut)
		assert.Contains(t, plain, tt.deliver)
		assert.Contains(t, plain, tt.question)
		assert.NotContains(t, plain, tt.differs)
		code, out, errOut := runCLI("run", "one-message", "--lang", tt.lang, "--fault", "unknown-user:bob@example.net")
		require.Equal(t, 0, code, errOut)
		assert.Contains(t, out, tt.differs)
		assert.Contains(t, out, "m1 → bob@example.net")
		assert.NotContains(t, out, tt.deliver)
		assert.NotContains(t, out, tt.question, "the final-reply question (250) is not asked before the 221")
	}
}

// TestHandoutsFillPlaceholders: no handout shows a placeholder as written.
func TestHandoutsFillPlaceholders(t *testing.T) {
	code, list, _ := runCLI("lessons")
	require.Equal(t, 0, code)
	for _, line := range strings.Split(strings.TrimSpace(list), "\n") {
		id, _, _ := strings.Cut(line, "\t")
		for _, lang := range []string{"en", "de"} {
			code, out, errOut := runCLI("run", id, "--lang", lang)
			require.Equal(t, 0, code, errOut)
			assert.NotContains(t, out, "{{", "%s (%s)", id, lang)
		}
	}
}

func TestValidatePlaceholder(t *testing.T) {
	dir := t.TempDir()
	for _, name := range []string{"lesson.yaml", "en.md", "de.md"} {
		src, err := os.ReadFile(filepath.Join("../../lessons/course/03-one-message", name))
		require.NoError(t, err)
		if name == "en.md" {
			src = bytes.Replace(src, []byte("mail program used exactly"), []byte("mail program used {{octets of first dta}} exactly"), 1)
		}
		require.NoError(t, os.WriteFile(filepath.Join(dir, name), src, 0o644))
	}
	code, out, _ := runCLI("validate", dir)
	assert.Equal(t, 1, code)
	assert.True(t, strings.HasPrefix(out, filepath.Join(dir, "en.md")+`:20:37: placeholder {{octets of first dta}}: unknown event kind "dta" (expected any or one of `), out)
}

// run --format html writes a lesson's printable handout; --no-answers leaves its key
// out and --answers-only writes the key alone.
func TestHTMLHandout(t *testing.T) {
	tests := []struct {
		flags          []string
		questions, key bool
	}{
		{nil, true, true},
		{[]string{"--no-answers"}, true, false},
		{[]string{"--answers-only"}, false, true},
	}
	for _, tc := range tests {
		code, out, errOut := runCLI(append([]string{"run", "journey", "--format", "html", "--lang", "de"}, tc.flags...)...)
		require.Equal(t, 0, code, errOut)
		assert.True(t, strings.HasPrefix(out, "<!DOCTYPE html>\n<html lang=\"de\">"), "%v", tc.flags)
		assert.Equal(t, tc.questions, strings.Contains(out, `<div class="h-question">`), "%v: questions", tc.flags)
		assert.Equal(t, tc.key, strings.Contains(out, `<section class="h-key`), "%v: answer key", tc.flags)
		assert.Equal(t, tc.questions, strings.Contains(out, "smtpsim run journey --lang de --fault &#39;down:mx.example.net,until=20m&#39;"), "%v: the try-it command", tc.flags)
	}
	code, out, errOut := runCLI("run", "journey", "--lang", "de", "--no-answers")
	require.Equal(t, 0, code, errOut)
	assert.Contains(t, out, "?  Bobs Adresse endet", "the text handout asks")
	assert.NotContains(t, out, "\n  =  ", "but does not answer")
	assert.NotContains(t, out, "Mit dem Fehler", "nor tell what the fault does")
}

// TestValidateSenderAuth: validate reports each problem of the sender-authentication
// keys at its place in the file.
func TestValidateSenderAuth(t *testing.T) {
	bad := filepath.Join(t.TempDir(), "auth.yaml")
	require.NoError(t, os.WriteFile(bad, []byte(`hosts:
  - {name: mx.example.net, ip: 198.51.100.25, roles: [mx], sender-auth: reject-all}
dkim:
  - {domain: example.org, selector: s1, algorithm: rsa-sha1}
  - {selector: s2}
faults:
  - dkim-break:list.example.com
`), 0o644))
	code, out, _ := runCLI("validate", bad)
	assert.Equal(t, 1, code)
	assert.Equal(t, bad+`:2:73: unknown sender-auth "reject-all" (expected record or reject-spf-fail)`+"\n"+
		bad+`:4:52: unknown DKIM algorithm "rsa-sha1" (expected rsa-sha256 or ed25519-sha256)`+"\n"+
		bad+`:5:5: DKIM signer without a domain (expected domain: the domain whose mail is signed, such as example.org)`+"\n"+
		bad+`:7:16: dkim-break fault on "list.example.com", which is not a host of the scenario (expected one of mx.example.net)`+"\n", out)
}
