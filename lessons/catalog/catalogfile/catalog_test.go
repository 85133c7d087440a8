package catalogfile

import (
	"fmt"
	"iter"
	"maps"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"testing/fstest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"smtpsim/lessons/catalog"
	"smtpsim/sim/dns"
	"smtpsim/sim/imap"
	"smtpsim/sim/pop3"
	"smtpsim/sim/reason"
	"smtpsim/sim/smtp"
	"smtpsim/sim/world"
)

func TestLoad(t *testing.T) {
	require.NoError(t, catalog.Load())
	assert.Equal(t, []string{"de", "en"}, catalog.Languages())
}

// loaded is the catalog files beside package catalog, parsed and checked.
var loaded = sync.OnceValue(func() *catalog.Catalog {
	c, err := Parse(os.DirFS(".."), "lessons/catalog")
	if err != nil {
		panic(err)
	}
	return c
})

// TestCompiledCurrent fails when a catalog file changed and compiled.json was not
// generated again; the program reads the compiled catalog, which is the files parsed.
func TestCompiledCurrent(t *testing.T) {
	want, err := Compile(os.DirFS(".."))
	require.NoError(t, err)
	got, err := os.ReadFile("../compiled.json")
	require.NoError(t, err)
	assert.Equal(t, string(want), string(got), "lessons/catalog/compiled.json is stale: run go generate ./lessons/catalog (make generate)")
	parts, err := CompileParts(os.DirFS(".."))
	require.NoError(t, err)
	assert.Equal(t, []string{"de", "en"}, slices.Sorted(maps.Keys(parts)))
	for lang, want := range parts {
		got, err := os.ReadFile("../" + catalog.PartFile(lang))
		require.NoError(t, err)
		assert.Equal(t, string(want), string(got), "lessons/catalog/%s is stale: run go generate ./lessons/catalog (make generate)", catalog.PartFile(lang))
	}
	for _, lang := range catalog.Languages() {
		assert.Equal(t, loaded().Glossary[lang], catalog.Glossary(lang))
		for key, e := range loaded().Reasons[lang] {
			got, ok := catalog.Reason(lang, key)
			assert.True(t, ok, key)
			assert.Equal(t, e, got, key)
		}
		for code, e := range loaded().Codes[lang] {
			got, ok := catalog.Code(lang, code)
			assert.True(t, ok, code)
			assert.Equal(t, e, got, code)
		}
	}
}

// reasonTables are the simulator's reason tables, by name.
func reasonTables() map[string]iter.Seq2[string, reason.Info] {
	return map[string]iter.Seq2[string, reason.Info]{"smtp.Reasons": smtp.Reasons.Named(), "pop3.Reasons": pop3.Reasons.Named(),
		"pop3.FailureReasons": pop3.FailureReasons.Named(), "imap.Reasons": imap.Reasons.Named(), "dns.Reasons": dns.Reasons.Named(),
		"world.Reasons": world.Reasons.Named()}
}

// TestReasonTablesDescribeTheirArguments holds every row to its own description: as many
// fmt verbs in Text as Args names values.
func TestReasonTablesDescribeTheirArguments(t *testing.T) {
	verb := regexp.MustCompile(`%[^%]`)
	for table, rows := range reasonTables() {
		for key, info := range rows {
			want := 0
			if info.Args != "" {
				want = len(strings.Split(info.Args, ", "))
			}
			assert.Len(t, verb.FindAllString(strings.ReplaceAll(info.Text, "%%", ""), -1), want, "%s %s: %q takes %q", table, key, info.Text, info.Args)
		}
	}
}

// engineReasons gathers every reason key the simulator can emit, with its RFC clause.
func engineReasons(t *testing.T) map[string]string {
	t.Helper()
	all := map[string]string{}
	addTable := func(table string, key, rfc string) {
		if prev, dup := all[key]; dup {
			t.Errorf("%s: reason key %q is also in another table (rfc %q)", table, key, prev)
		}
		all[key] = rfc
	}
	for table, rows := range reasonTables() {
		for key, info := range rows {
			addTable(table, key, info.RFC)
		}
	}
	return all
}

func TestEveryReasonIsExplained(t *testing.T) {
	require.NoError(t, catalog.Load())
	want := engineReasons(t)
	for _, lang := range catalog.Languages() {
		for _, key := range slices.Sorted(maps.Keys(want)) {
			e, ok := catalog.Reason(lang, key)
			if !assert.True(t, ok, "%s: reason %q is not explained", lang, key) {
				continue
			}
			assert.Equal(t, want[key], e.RFC, "%s: rfc of %q differs from the Go table", lang, key)
		}
		// Nothing stale: every explained key is one the simulator emits.
		for key := range loaded().Reasons[lang] {
			_, ok := want[key]
			assert.True(t, ok, "%s: reason %q is explained but no engine emits it", lang, key)
		}
	}
}

// protocolReplyCodes are the reply codes of the table in docs/protocol.md ("Reply codes").
var protocolReplyCodes = []int{214, 220, 221, 235, 250, 251, 252, 334, 354, 421, 450, 451, 452, 454, 455,
	500, 501, 502, 503, 504, 530, 535, 538, 550, 551, 552, 553, 554, 555, 556}

// protocolStatusCodes are enhanced status codes of the table in docs/protocol.md
// ("Enhanced status codes").
var protocolStatusCodes = []string{"2.0.0", "2.1.0", "2.1.5", "5.1.1", "5.1.2", "5.1.3", "5.1.10", "5.2.2",
	"5.3.4", "4.4.1", "4.4.7", "5.5.1", "5.5.2", "4.5.3", "5.5.4", "5.7.1", "5.7.0", "5.7.8", "4.7.1"}

func TestEveryCodeIsExplained(t *testing.T) {
	require.NoError(t, catalog.Load())
	replies := map[string]bool{}
	statuses := map[string]bool{"4.4.7": true, "5.1.3": true, "5.4.4": true} // the world's own, see world.Reasons
	for _, c := range protocolReplyCodes {
		replies[strconv.Itoa(c)] = true
	}
	for _, s := range protocolStatusCodes {
		statuses[s] = true
	}
	// Whatever the engines' tables reply with must be explained too.
	for _, v := range smtp.Reasons {
		if v.Code != 0 {
			replies[strconv.Itoa(v.Code)] = true
		}
		if v.Status != "" {
			statuses[v.Status] = true
		}
	}
	for _, v := range dns.Reasons {
		statuses[v.Status] = true
	}
	for _, lang := range catalog.Languages() {
		for _, code := range slices.Sorted(maps.Keys(replies)) {
			_, ok := catalog.Code(lang, code)
			assert.True(t, ok, "%s: reply code %s is not explained", lang, code)
		}
		for _, code := range slices.Sorted(maps.Keys(statuses)) {
			_, ok := catalog.Code(lang, code)
			assert.True(t, ok, "%s: status code %s is not explained", lang, code)
		}
	}
	e, ok := catalog.Code("en", "5.1.1")
	require.True(t, ok)
	assert.Equal(t, "RFC 3463 §3.2", e.RFC)
}

func TestEveryLanguageHasTheSameKeys(t *testing.T) {
	require.NoError(t, catalog.Load())
	termKeys := func(lang string) []string {
		var keys []string
		for _, term := range loaded().Glossary[lang] {
			keys = append(keys, term.Key)
		}
		slices.Sort(keys)
		return keys
	}
	for _, lang := range catalog.Languages() {
		assert.Equal(t, slices.Sorted(maps.Keys(loaded().Reasons[refLang])), slices.Sorted(maps.Keys(loaded().Reasons[lang])), "reasons.%s.yaml", lang)
		assert.Equal(t, slices.Sorted(maps.Keys(loaded().Codes[refLang])), slices.Sorted(maps.Keys(loaded().Codes[lang])), "codes.%s.yaml", lang)
		assert.Equal(t, termKeys(refLang), termKeys(lang), "glossary.%s.yaml", lang)
	}
}

// TestTranslated checks that nothing was left untranslated: texts are filled in and
// differ between languages. Titles and terms may agree ("OK", "MX"); RFC fields must.
func TestTranslated(t *testing.T) {
	require.NoError(t, catalog.Load())
	for _, lang := range catalog.Languages() {
		if lang == refLang {
			continue
		}
		for _, kind := range []struct {
			name    string
			entries map[string]map[string]catalog.Entry
		}{{"reasons", loaded().Reasons}, {"codes", loaded().Codes}} {
			for key, ref := range kind.entries[refLang] {
				tr := kind.entries[lang][key]
				where := fmt.Sprintf("%s.%s.yaml %s", kind.name, lang, key)
				assert.NotEmpty(t, tr.Title, where)
				assert.NotEmpty(t, tr.Text, where)
				assert.NotEqual(t, ref.Text, tr.Text, "%s: text not translated", where)
				assert.Equal(t, ref.RFC, tr.RFC, "%s: rfc", where)
			}
		}
		ref := map[string]catalog.Term{}
		for _, term := range loaded().Glossary[refLang] {
			ref[term.Key] = term
		}
		for _, term := range loaded().Glossary[lang] {
			where := fmt.Sprintf("glossary.%s.yaml %s", lang, term.Key)
			assert.NotEmpty(t, term.Term, where)
			assert.NotEqual(t, ref[term.Key].Short, term.Short, "%s: short not translated", where)
			assert.NotEqual(t, ref[term.Key].Text, term.Text, "%s: text not translated", where)
		}
	}
}

func TestTextsAreClean(t *testing.T) {
	require.NoError(t, catalog.Load())
	plain := func(where, s string) {
		assert.NotEmpty(t, s, where)
		assert.Equal(t, strings.TrimSpace(s), s, "%s: surrounding space", where)
		assert.NotContains(t, s, "\n", "%s: a line break (use a folded block, >-)", where)
		assert.NotContains(t, s, "  ", "%s: a double space", where)
	}
	for _, lang := range catalog.Languages() {
		for key, e := range loaded().Reasons[lang] {
			plain(lang+" reason "+key+" title", e.Title)
			plain(lang+" reason "+key+" text", e.Text)
		}
		for key, e := range loaded().Codes[lang] {
			plain(lang+" code "+key+" title", e.Title)
			plain(lang+" code "+key+" text", e.Text)
		}
		for _, term := range loaded().Glossary[lang] {
			plain(lang+" term "+term.Key+" short", term.Short)
			plain(lang+" term "+term.Key+" text", term.Text)
		}
	}
}

// requiredTerms are the terms the lessons rely on.
var requiredTerms = []string{"mua", "msa", "mta", "mda", "mx", "dns", "a-record", "envelope", "header", "body",
	"bcc", "dsn", "double-bounce", "queue", "retry", "greylisting", "relay", "open-relay", "backup-mx", "null-mx",
	"nxdomain", "servfail", "tcp", "port-25", "port-587", "port-110", "port-143", "smtp", "esmtp", "ehlo",
	"pipelining", "dot-stuffing", "smtp-smuggling", "mime", "base64", "attachment", "size", "auth", "starttls",
	"tls", "pop3", "imap", "push-vs-pull", "end-to-end", "store-and-forward", "hand-off", "received",
	"return-path", "message-id", "reply-code", "enhanced-status-code", "spf", "dkim", "dmarc"}

func TestGlossary(t *testing.T) {
	require.NoError(t, catalog.Load())
	for _, lang := range catalog.Languages() {
		terms := catalog.Glossary(lang)
		var keys []string
		for _, term := range terms {
			keys = append(keys, term.Key)
		}
		for _, k := range requiredTerms {
			assert.Contains(t, keys, k, "%s: glossary lacks %q", lang, k)
		}
		assert.True(t, slices.IsSortedFunc(terms, compareTerms), "%s: glossary not sorted", lang)
	}
	// Umlauts sort with their base letter: "Übergabe ..." between "Received-Header" and "Umschlag".
	var de []string
	for _, term := range catalog.Glossary("de") {
		de = append(de, term.Term)
	}
	i, j := slices.Index(de, "Übergabe der Verantwortung"), slices.Index(de, "Umschlag (Envelope)")
	require.True(t, i >= 0 && j >= 0)
	assert.Equal(t, i+1, j, "Übergabe should sort just before Umschlag")

	// The caller owns the slice.
	g := catalog.Glossary("en")
	g[0].Text = "changed"
	assert.NotEqual(t, "changed", catalog.Glossary("en")[0].Text)
}

func TestUnknownLanguageOrKey(t *testing.T) {
	require.NoError(t, catalog.Load())
	_, ok := catalog.Reason("fr", "rcpt.ok")
	assert.False(t, ok)
	_, ok = catalog.Reason("en", "no.such-key")
	assert.False(t, ok)
	_, ok = catalog.Code("en", "599")
	assert.False(t, ok)
	assert.Nil(t, catalog.Glossary("fr"))
	e, ok := catalog.Reason("de", "rcpt.unknown-user")
	require.True(t, ok)
	assert.Equal(t, "Postfach unbekannt", e.Title)
	assert.Equal(t, "RFC 5321 §3.3, RFC 3463 §3.2", e.RFC)
}

// A small valid set of files, for breaking one thing at a time.
var validFiles = map[string]string{
	"reasons.en.yaml": "rcpt.ok:\n  title: Recipient accepted\n  text: The server accepts it.\n  rfc: RFC 5321 §4.1.1.3\n",
	"reasons.de.yaml": "rcpt.ok:\n  title: Empfänger angenommen\n  text: Der Server nimmt ihn an.\n  rfc: RFC 5321 §4.1.1.3\n",
	"codes.en.yaml": "replies:\n  \"250\":\n    title: OK\n    text: It worked.\n    rfc: RFC 5321 §4.2.2\n" +
		"statuses:\n  \"5.1.1\":\n    title: Bad mailbox\n    text: No such user.\n    rfc: RFC 3463 §3.2\n",
	"codes.de.yaml": "replies:\n  \"250\":\n    title: OK\n    text: Hat geklappt.\n    rfc: RFC 5321 §4.2.2\n" +
		"statuses:\n  \"5.1.1\":\n    title: Falsches Postfach\n    text: Benutzer unbekannt.\n    rfc: RFC 3463 §3.2\n",
	"glossary.en.yaml": "mx:\n  term: MX\n  short: Mail exchanger.\n  text: Names the mail servers.\n",
	"glossary.de.yaml": "mx:\n  term: MX\n  short: Mail-Exchanger.\n  text: Nennt die Mailserver.\n",
}

func fsWith(change map[string]string) fstest.MapFS {
	fsys := fstest.MapFS{}
	for name, src := range validFiles {
		fsys[name] = &fstest.MapFile{Data: []byte(src)}
	}
	for name, src := range change {
		if src == "" {
			delete(fsys, name)
			continue
		}
		fsys[name] = &fstest.MapFile{Data: []byte(src)}
	}
	return fsys
}

func TestParseValid(t *testing.T) {
	c, err := Parse(fsWith(nil), "x")
	require.NoError(t, err)
	assert.Equal(t, []string{"de", "en"}, c.Langs)
	assert.Equal(t, catalog.Entry{Title: "Falsches Postfach", Text: "Benutzer unbekannt.", RFC: "RFC 3463 §3.2"}, c.Codes["de"]["5.1.1"])
	assert.Equal(t, []catalog.Term{{Key: "mx", Term: "MX", Short: "Mail exchanger.", Text: "Names the mail servers."}}, c.Glossary["en"])
}

func TestParseRejects(t *testing.T) {
	for _, tc := range []struct {
		name   string
		change map[string]string
		want   string
	}{
		{"unknown field", map[string]string{"reasons.de.yaml": "rcpt.ok:\n  titel: Empfänger angenommen\n  text: Der Server nimmt ihn an.\n  rfc: RFC 5321 §4.1.1.3\n"},
			`x/reasons.de.yaml:2:3: unknown field "titel" (expected title, text, rfc)`},
		{"unknown section", map[string]string{"codes.de.yaml": validFiles["codes.de.yaml"] + "extra: {}\n"},
			`x/codes.de.yaml:11:1: unknown field "extra" (expected replies, statuses)`},
		{"missing key", map[string]string{"reasons.de.yaml": "rcpt.other:\n  title: a\n  text: b\n  rfc: RFC 5321 §4.1.1.3\n"},
			`x/reasons.de.yaml:1:1: key "rcpt.ok" is missing (x/reasons.en.yaml has it)`},
		{"extra key", map[string]string{"glossary.de.yaml": validFiles["glossary.de.yaml"] + "tls:\n  term: TLS\n  short: a\n  text: b\n"},
			`x/glossary.de.yaml:5:1: key "tls" is not in x/glossary.en.yaml`},
		{"rfc differs", map[string]string{"reasons.de.yaml": strings.Replace(validFiles["reasons.de.yaml"], "§4.1.1.3", "§4.1.1.2", 1)},
			`x/reasons.de.yaml:1:1: rcpt.ok: rfc is "RFC 5321 §4.1.1.2" (expected "RFC 5321 §4.1.1.3", as in x/reasons.en.yaml)`},
		{"empty text", map[string]string{"glossary.en.yaml": "mx:\n  term: MX\n  short: Mail exchanger.\n  text: \"  \"\n"},
			`x/glossary.en.yaml:1:1: mx: text is empty (expected text)`},
		{"null entry", map[string]string{"reasons.en.yaml": "rcpt.ok:\n"},
			`x/reasons.en.yaml:1:1: rcpt.ok: title is empty`},
		{"bad reply code", map[string]string{"codes.en.yaml": strings.Replace(validFiles["codes.en.yaml"], `"250"`, `"25"`, 1)},
			`x/codes.en.yaml:2:3: bad key "25" (expected a reply code such as "550")`},
		{"bad status code", map[string]string{"codes.en.yaml": strings.Replace(validFiles["codes.en.yaml"], `"5.1.1"`, `"511"`, 1)},
			`x/codes.en.yaml:7:3: bad key "511" (expected a status code such as "5.1.1")`},
		{"missing section", map[string]string{"codes.de.yaml": "replies:\n  \"250\":\n    title: OK\n    text: Hat geklappt.\n    rfc: RFC 5321 §4.2.2\n"},
			`x/codes.de.yaml:1:1: section statuses is missing or empty`},
		{"duplicate key", map[string]string{"reasons.en.yaml": validFiles["reasons.en.yaml"] + validFiles["reasons.en.yaml"]},
			`x/reasons.en.yaml:5:1: mapping key "rcpt.ok" already defined at line 1`},
		{"syntax error", map[string]string{"reasons.de.yaml": "rcpt.ok:\n  title: [unclosed\n"},
			`x/reasons.de.yaml`},
		{"not a mapping", map[string]string{"glossary.de.yaml": "- mx\n"},
			`x/glossary.de.yaml:1:1: expected a mapping of keys to entries`},
		{"two documents", map[string]string{"glossary.de.yaml": validFiles["glossary.de.yaml"] + "---\nmx: {}\n"},
			`a second YAML document`},
		{"missing file", map[string]string{"codes.de.yaml": ""},
			`x/codes.de.yaml: missing`},
		{"no reference language", map[string]string{"reasons.en.yaml": "", "codes.en.yaml": "", "glossary.en.yaml": ""},
			`x/reasons.en.yaml: missing (the "en" files are the reference`},
		{"bad file name", map[string]string{"lessons.en.yaml": "a: b\n"},
			`x/lessons.en.yaml: unexpected file name`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Parse(fsWith(tc.change), "x")
			require.Error(t, err)
			assert.Contains(t, err.Error(), tc.want)
		})
	}
}

// TestParseReportsEveryProblem: a translator sees all mistakes at once, one a line.
func TestParseReportsEveryProblem(t *testing.T) {
	_, err := Parse(fsWith(map[string]string{
		"glossary.de.yaml": "mx:\n  term: MX\n  short: \"\"\n  text: \"\"\n",
		"reasons.de.yaml":  "rcpt.ok:\n  title: Empfänger angenommen\n  text: \"\"\n  rfc: RFC 5321\n",
		"codes.de.yaml":    "replies: [\n",
	}), "x")
	require.Error(t, err)
	assert.Equal(t, []string{
		"x/codes.de.yaml:1:1: did not find expected node content",
		"x/glossary.de.yaml:1:1: mx: short is empty (expected text)",
		"x/glossary.de.yaml:1:1: mx: text is empty (expected text)",
		"x/reasons.de.yaml:1:1: rcpt.ok: text is empty (expected text)",
		`x/reasons.de.yaml:1:1: rcpt.ok: rfc is "RFC 5321" (expected "RFC 5321 §4.1.1.3", as in x/reasons.en.yaml)`,
	}, strings.Split(err.Error(), "\n"))
}
