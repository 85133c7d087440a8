package view_test

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"smtpsim/sim/fault"
	"smtpsim/sim/render"
	"smtpsim/sim/trace"
	"smtpsim/wasm/view"
)

// TestHostRoles: every machine shows what it really does in the run, however many
// roles that is: the MX of the first lesson is an MTA, an MDA and a POP3 server, not
// the MSA its scenario also allows.
func TestHostRoles(t *testing.T) {
	for _, tt := range []struct {
		lesson string
		roles  map[string][]string
	}{
		{"journey", map[string][]string{
			"MUA alice@example.org": {"mua"}, "mail.example.org": {"msa", "mta"}, "dns": {"dns"},
			"mx.example.net": {"mta", "mda", "pop3"}, "MUA bob@example.net": {"mua"}}},
		{"store-and-forward", map[string][]string{
			"mail.example.org": {"msa", "mta"}, "relay.example.org": {"mta"}, "mx2.example.net": {"mta"},
			"mx1.example.net": {"mta", "mda", "imap"}}},
		{"picking-up", map[string][]string{"mx.example.net": {"mta", "mda", "pop3", "imap"}}},
		{"trouble-that-stays", map[string][]string{"mail.example.org": {"msa", "mta", "mda", "imap"}}},
	} {
		t.Run(tt.lesson, func(t *testing.T) {
			p, problems := view.Open(view.State{Lesson: tt.lesson, Step: -1, Demo: true})
			require.Empty(t, problems)
			got := p.HostRoles()
			for host, want := range tt.roles {
				assert.Equal(t, want, got[host], host)
			}
			for _, l := range p.Lanes() {
				assert.NotEmpty(t, got[l.ID], "every actor has a role: %s", l.ID)
			}
		})
	}
}

// TestRoleChipsAndLegend: each role is a chip of its machine, and the legend explains
// the roles of the run and the envelope, in both languages.
func TestRoleChipsAndLegend(t *testing.T) {
	for _, lang := range []string{"en", "de"} {
		p, _ := view.Open(view.State{Lesson: "journey", Step: -1, Lang: lang})
		markup, _ := p.TopologyMarkup(0, 0)
		els := elements(t, markup)
		chips := map[string]int{}
		for _, g := range els {
			if c, ok := strings.CutPrefix(g.Attrs["class"], "chip "); ok && g.Name.Local == "g" {
				chips[c]++
			}
		}
		assert.Equal(t, map[string]int{"mua": 2, "msa": 1, "mta": 2, "mda": 1, "pop3": 1, "dns": 1}, chips)
		var words []string
		for _, k := range p.Legend() {
			words = append(words, k.Text)
		}
		for _, key := range []string{"legend.mua", "legend.msa", "legend.mta", "legend.mda", "legend.pop3", "legend.dns", "legend.envelope"} {
			assert.Contains(t, words, view.T(lang, key))
		}
		assert.NotContains(t, words, view.T(lang, "legend.imap"), "no IMAP server in this run")
	}
}

// TestEnvelopeRests: where the message is at each step, from the typed events alone:
// in Alice's program when written, in the MSA's queue after its 250, in the MX's
// mailbox when filed; a deferred recipient stays in the sender's queue; a bounced one
// leaves it; a message deleted over POP3 leaves the mailbox.
func TestEnvelopeRests(t *testing.T) {
	type at func(p *view.Page) int
	first := func(k trace.Kind) at { return func(p *view.Page) int { return p.Trace.Next(-1, k) } }
	last := func(k trace.Kind) at { return func(p *view.Page) int { return p.Trace.Prev(p.Trace.Len(), k) } }
	for _, tt := range []struct {
		name, lesson string
		faults       []string
		step         at
		want         []view.Rest
	}{
		{"written", "journey", nil, first(trace.KindSubmit),
			[]view.Rest{{Host: "MUA alice@example.org", Msg: "m1", Rcpt: "bob@example.net", Place: "outbox"}}},
		{"taken by the MSA", "journey", nil, first(trace.KindHandoff),
			[]view.Rest{{Host: "mail.example.org", Msg: "m1", Rcpt: "bob@example.net", Place: "queue"}}},
		{"filed", "journey", nil, first(trace.KindDeliver),
			[]view.Rest{{Host: "mx.example.net", Msg: "m1", Rcpt: "bob@example.net", Place: "mailbox"}}},
		{"deferred", "journey", []string{"down:mx.example.net,until=20m"}, first(trace.KindDefer),
			[]view.Rest{{Host: "mail.example.org", Msg: "m1", Rcpt: "bob@example.net", Place: "queue"}}},
		{"greylisted, both stay", "trouble-that-passes", nil, last(trace.KindDefer), []view.Rest{
			{Host: "mail.example.org", Msg: "m1", Rcpt: "bob@example.net", Place: "queue"},
			{Host: "mail.example.org", Msg: "m1", Rcpt: "dave@example.net", Place: "queue"}}},
		{"bounced at the MX", "trouble-that-stays", nil, first(trace.KindBounce), []view.Rest{
			{Host: "mx.example.net", Msg: "m1", Rcpt: "bob@example.net", Place: "mailbox"},
			{Host: "mx.example.net", Msg: "m1", Rcpt: "bobby@example.net", Place: "queue"}}},
		{"the end of a run that bounced", "trouble-that-stays", nil, first(trace.KindFetch), []view.Rest{
			{Host: "mail.example.org", Msg: "b1", Rcpt: "alice@example.org", Place: "mailbox"},
			{Host: "mail.example.org", Msg: "b2", Rcpt: "alice@example.org", Place: "mailbox"},
			{Host: "mx.example.net", Msg: "m1", Rcpt: "bob@example.net", Place: "mailbox"}}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			p, problems := view.Open(view.State{Lesson: tt.lesson, Step: -1, Demo: true})
			require.Empty(t, problems)
			for _, f := range tt.faults {
				p.Seek(-1)
				require.NoError(t, p.AddFault(f))
			}
			i := tt.step(p)
			require.GreaterOrEqual(t, i, 0)
			p.Seek(i)
			assert.Equal(t, tt.want, p.Rests())
		})
	}

	// Deleted over POP3: the mailbox of the sandbox's pickup world is empty again at the end.
	p, _ := view.Open(view.State{Lesson: "pickup", Step: -1})
	remove := p.Trace.Next(-1, trace.KindRemove)
	require.GreaterOrEqual(t, remove, 0)
	p.Seek(remove - 1)
	before := len(p.Rests())
	p.Seek(remove)
	assert.Len(t, p.Rests(), before-1, "one message left its mailbox")
}

// TestEnvelopeTravels: the envelope travels only with the message itself (DATA); a
// command, reply or DNS question travels as a dot.
func TestEnvelopeTravels(t *testing.T) {
	p, _ := view.Open(view.State{Lesson: "journey", Step: -1, Demo: true})
	count := func() (envelopes, packets int) {
		markup, _ := p.TopologyMarkup(0, 0)
		for _, el := range elements(t, markup) {
			switch el.Attrs["class"] {
			case "envelope travelling":
				envelopes++
			case "packet":
				packets++
			}
		}
		return
	}
	p.Seek(p.Trace.Next(-1, trace.KindData))
	e, d := count()
	assert.Equal(t, [2]int{1, 0}, [2]int{e, d}, "DATA carries the message")
	p.Seek(p.Trace.Next(-1, trace.KindDNSQuery))
	e, d = count()
	assert.Equal(t, [2]int{0, 1}, [2]int{e, d}, "a DNS question is not the message")
}

// TestFaultMenu: a machine's menu offers the faults that fit its roles, each with a
// line that explains it; every one of them takes effect when added, but those that
// nothing in the lesson's run meets (no server relays, greylisting waits on port 25
// and the lesson submits, no one looks up example.org), which the list flags.
func TestFaultMenu(t *testing.T) {
	unmet := map[string]bool{"relay-denied:mx.example.net": true, "relay-denied:mail.example.org": true,
		"greylist:mail.example.org": true, "nxdomain:example.org": true, "servfail:example.org,until=30m": true,
		"no-mx:example.org": true, "dead-mx:example.org": true, "null-mx:example.org": true}
	specs := func(items []view.MenuItem) []string {
		out := make([]string, len(items))
		for i, m := range items {
			out[i] = m.Spec
		}
		return out
	}
	for _, tt := range []struct {
		node      string
		has, lack []string
	}{
		{"mx.example.net", []string{"down:mx.example.net,until=30m", "greylist:mx.example.net", "unknown-user:bob@example.net",
			"mailbox-full:bob@example.net", "no-mx:example.net"}, []string{"wrong-password:bob@example.net", "nxdomain:example.net"}},
		{"mail.example.org", []string{"down:mail.example.org,until=30m", "tls-required:mail.example.org"}, []string{"unknown-user:alice@example.org"}},
		{"MUA alice@example.org", []string{"wrong-password:alice@example.org", "no-auth:alice@example.org"}, []string{"down:MUA alice@example.org,until=30m"}},
		{"MUA bob@example.net", []string{"wrong-password:bob@example.net"}, []string{"no-auth:bob@example.net"}},
		{"dns", []string{"nxdomain:example.net", "servfail:example.net,until=30m", "no-mx:example.org", "dead-mx:example.net", "null-mx:example.net"},
			[]string{"down:dns,until=30m"}},
	} {
		t.Run(tt.node, func(t *testing.T) {
			p, _ := view.Open(view.State{Lesson: "journey", Step: -1, Lang: "de"})
			items := p.FaultMenu(tt.node)
			got := specs(items)
			for _, s := range tt.has {
				assert.Contains(t, got, s)
			}
			for _, s := range tt.lack {
				assert.NotContains(t, got, s)
			}
			plain, _ := view.Open(view.State{Lesson: "journey", Step: -1})
			for _, m := range items {
				assert.NotContains(t, m.Text, "fault.kind.", "explained in the page's words")
				q, _ := view.Open(view.State{Lesson: "journey", Step: -1})
				assert.NoError(t, q.AddFault(m.Spec), "%s can be added", m.Spec)
				// What nothing in this lesson's run meets is flagged once added, and
				// the run is then the run without it.
				if unmet[m.Spec] {
					assert.Equal(t, "nothing in this run comes where it waits, so the run is the same as without it", q.FaultFlag(0), m.Spec)
					assert.Equal(t, plain.Trace.Len(), q.Trace.Len(), m.Spec)
				} else {
					assert.Empty(t, q.FaultFlag(0), "%s takes effect", m.Spec)
				}
			}
		})
	}
	p, _ := view.Open(view.State{Lesson: "journey", Step: -1})
	assert.Empty(t, p.FaultMenu("nowhere"))

	// A fault already set is flagged in the menu, in the page's language.
	require.NoError(t, p.AddFault("greylist:mx.example.net"))
	p.Lang = "de"
	for _, m := range p.FaultMenu("mx.example.net") {
		if m.Spec == "greylist:mx.example.net" {
			assert.Contains(t, m.Flag, "derselbe Fehler ist schon gesetzt")
		} else {
			assert.Empty(t, m.Flag, m.Spec)
		}
	}
}

// TestFlaggedFaults: a fault that cannot take effect is refused when added, with the
// reason in the page's language, and flagged in the list when it came with a link.
func TestFlaggedFaults(t *testing.T) {
	for _, tt := range []struct{ spec, en, de string }{
		{"down:nowhere.example", "nowhere.example is not a machine of this run", "nowhere.example ist kein Rechner dieses Laufs"},
		{"partition:mail.example.org,peer=ghost.example", "ghost.example is not a machine", "ghost.example ist kein Rechner"},
		{"unknown-user:zoe@example.net", "zoe@example.net has no mailbox in this run", "zoe@example.net hat in diesem Lauf kein Postfach"},
		{"reply:mx.example.net,cmd=RCPT,code=451,rcpt=zoe@example.net", "zoe@example.net has no mailbox", "zoe@example.net hat in diesem Lauf kein Postfach"},
		{"wrong-password:carol@example.org", "carol@example.org has no mailbox", "carol@example.org hat in diesem Lauf kein Postfach"},
		{"nxdomain:example.invalid", "example.invalid is not a name in this run's DNS", "example.invalid ist kein Name im DNS dieses Laufs"},
		{"no-mx:example.com", "example.com is not a mail domain of this run", "example.com ist keine Mail-Domain dieses Laufs"},
		{"greylist:mx.example.net,step=9999", "step=9999 is after the run's last event", "step=9999 liegt nach dem letzten Ereignis"},
		{"down:mx.example.net", "the same fault is already set: down:mx.example.net", "derselbe Fehler ist schon gesetzt: down:mx.example.net"},
		{"DOWN:MX.example.NET,step=3", "the same fault is already set", "derselbe Fehler ist schon gesetzt"},
	} {
		t.Run(tt.spec, func(t *testing.T) {
			p, _ := view.Open(view.State{Lesson: "journey", Step: -1})
			require.NoError(t, p.AddFault("down:mx.example.net"))
			err := p.AddFault(tt.spec)
			require.Error(t, err)
			assert.Contains(t, view.Say("en", err), tt.en)
			assert.Contains(t, view.Say("de", err), tt.de)
			assert.Len(t, p.Faults, 1, "not added")

			var faults []fault.Fault
			for _, spec := range []string{"down:mx.example.net", tt.spec} {
				f, err := fault.Parse(spec)
				require.NoError(t, err)
				faults = append(faults, f)
			}
			linked, problems := view.Open(view.State{Lesson: "journey", Step: -1, Lang: "de", Faults: faults})
			assert.Empty(t, linked.FaultFlag(0))
			assert.Contains(t, linked.FaultFlag(1), tt.de)
			if assert.Len(t, problems, 1, "the link's notice says it too") {
				assert.Contains(t, problems[0], "ändert hier nichts")
				assert.Contains(t, problems[0], tt.de)
			}
		})
	}
	for _, spec := range []string{"nxdomain:mx.example.net", "servfail:example.net", "no-mx:example.org", "refuse:mail.example.org,port=587",
		"reply:mx.example.net,cmd=RCPT,code=451,rcpt=bob@example.net"} {
		p, _ := view.Open(view.State{Lesson: "journey", Step: -1})
		assert.NoError(t, p.AddFault(spec), spec)
	}
}

// TestFaultHelp: the help card lists every kind once, in the order of the docs, with
// its syntax in the page's words, a line that explains it and an example that parses.
func TestFaultHelp(t *testing.T) {
	for _, lang := range []string{"en", "de"} {
		help := view.FaultHelpIn(lang)
		kinds := make([]fault.Kind, len(help))
		for i, h := range help {
			kinds[i] = h.Kind
			f, err := fault.Parse(h.Example)
			require.NoError(t, err, h.Example)
			assert.Equal(t, h.Kind, f.Kind)
			assert.True(t, strings.HasPrefix(h.Form, string(h.Kind)+":"), h.Form)
			assert.NotContains(t, h.Form, "{", "placeholders filled")
			assert.NotEqual(t, "fault.kind."+string(h.Kind), h.Text)
		}
		assert.Equal(t, fault.Kinds, kinds)
		if lang == "de" {
			i := slices.IndexFunc(help, func(h view.FaultHelp) bool { return h.Kind == fault.Slow })
			assert.Equal(t, "slow:HOST,delay=DAUER", help[i].Form)
		}
	}
}

// TestActingRole: the chip of the role at work in the current event is marked — the
// MSA when Alice's program connects on port 587, the MTA and the DNS for an MX
// question, both MTAs on port 25, the MDA when it files, the POP3 server when Bob
// fetches.
func TestActingRole(t *testing.T) {
	find := func(kind trace.Kind, port int) func(e trace.Event) bool {
		return func(e trace.Event) bool { return e.Kind == kind && (port == 0 || e.Port == port) }
	}
	for _, tt := range []struct {
		name string
		at   func(e trace.Event) bool
		want map[string]string
	}{
		{"submission", find(trace.KindConnect, 587), map[string]string{"MUA alice@example.org": "mua", "mail.example.org": "msa"}},
		{"MX question", find(trace.KindDNSQuery, 0), map[string]string{"mail.example.org": "mta", "dns": "dns"}},
		{"relay", find(trace.KindConnect, 25), map[string]string{"mail.example.org": "mta", "mx.example.net": "mta"}},
		{"a line of the relay", func(e trace.Event) bool {
			return e.Kind == trace.KindLine && e.Peer == "mx.example.net" && e.Code == 354
		},
			map[string]string{"mail.example.org": "mta", "mx.example.net": "mta"}},
		{"filing", find(trace.KindDeliver, 0), map[string]string{"mx.example.net": "mda"}},
		{"fetching", find(trace.KindConnect, 110), map[string]string{"MUA bob@example.net": "mua", "mx.example.net": "pop3"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			p, _ := view.Open(view.State{Lesson: "journey", Step: -1, Demo: true})
			p.Seek(p.Trace.Find(tt.at))
			nodes, _ := p.Topology()
			got := map[string]string{}
			for _, n := range nodes {
				if n.Acting != "" {
					got[n.ID] = n.Acting
				}
			}
			assert.Equal(t, tt.want, got)
			markup, _ := p.TopologyMarkup(0, 0)
			for id, role := range tt.want {
				assert.Contains(t, markup, `data-node="`+id+`"`)
				assert.Contains(t, markup, `class="chip `+role+` acting"`)
			}
		})
	}
}

// TestNetworkLayouts: in the wide picture and in the narrow one (top to bottom, for a
// phone) no two machines overlap and all lie inside the picture; the narrow picture is
// 480 units wide, so its 22-unit labels are 14 px or more from a 306 px wide panel on.
// A panel takes the narrow picture only where the wide one would be too small.
func TestNetworkLayouts(t *testing.T) {
	for _, lesson := range []string{"journey", "store-and-forward", "bulk", "picking-up"} {
		// wide, narrow (a phone), and in a cell of the one-screen page (columns or three a row)
		for _, panel := range [][2]int{{0, 0}, {390, 0}, {540, 330}} {
			narrow := panel[0] == 390
			p, _ := view.Open(view.State{Lesson: lesson, Step: -1})
			markup, viewBox := p.TopologyMarkup(panel[0], panel[1])
			var w, h int
			_, err := fmt.Sscanf(viewBox, "0 0 %d %d", &w, &h)
			require.NoError(t, err)
			switch panel[0] {
			case 390:
				assert.Equal(t, 480, w, lesson)
			case 0:
				assert.GreaterOrEqual(t, w, 900, lesson)
			}
			var boxes [][4]int
			for _, el := range elements(t, markup) {
				if el.Name.Local == "rect" && el.Attrs["class"] == "box" {
					var b [4]int
					for i, k := range []string{"x", "y", "width", "height"} {
						b[i], err = strconv.Atoi(el.Attrs[k])
						require.NoError(t, err)
					}
					boxes = append(boxes, b)
				}
			}
			require.Len(t, boxes, len(p.Lanes()))
			for i, a := range boxes {
				assert.True(t, a[0] >= 0 && a[1] >= 0 && a[0]+a[2] <= w && a[1]+a[3] <= h, "%s narrow=%v: box %v inside %dx%d", lesson, narrow, a, w, h)
				for _, b := range boxes[i+1:] {
					apart := a[0]+a[2] <= b[0] || b[0]+b[2] <= a[0] || a[1]+a[3] <= b[1] || b[1]+b[3] <= a[1]
					assert.True(t, apart, "%s narrow=%v: boxes %v and %v overlap", lesson, narrow, a, b)
				}
			}
		}
	}
}

func TestNarrowOnlyWhereNeeded(t *testing.T) {
	p, _ := view.Open(view.State{Lesson: "journey", Step: -1})
	for _, tt := range []struct{ panel, width int }{{0, 900}, {1200, 900}, {600, 900}, {573, 900}, {572, 480}, {390, 480}} {
		_, viewBox := p.TopologyMarkup(tt.panel, 0)
		assert.Equal(t, fmt.Sprintf("0 0 %d", tt.width), viewBox[:len(fmt.Sprintf("0 0 %d", tt.width))], "panel %d px", tt.panel)
	}
}

// TestNetworkFitsPanel: for a panel whose size is known (a cell of the one-screen page)
// the layout is the one that shows the picture largest: columns for the first lesson's
// three hops, three a row for store and forward's four (its columns would be 928 units
// wide), two a row for a tall narrow panel;
// at the size of the cell at 1366×768 its 22-unit labels come out at 14 px or more.
func TestNetworkFitsPanel(t *testing.T) {
	for _, tt := range []struct {
		lesson      string
		w, h        int
		viewBox     string
		leastLabelP float64
	}{
		{"journey", 531, 287, "0 0 704 418", 14}, // the cell at 1366×768
		{"store-and-forward", 531, 287, "0 0 704 422", 14},
		{"store-and-forward", 762, 463, "0 0 928 452", 14}, // the cell at 1920×1080: four columns are readable
		{"store-and-forward", 300, 700, "0 0 480 ", 0},
		{"journey", 1000, 600, "0 0 704 418", 14},
	} {
		p, _ := view.Open(view.State{Lesson: tt.lesson, Step: -1})
		_, viewBox := p.TopologyMarkup(tt.w, tt.h)
		assert.True(t, strings.HasPrefix(viewBox, tt.viewBox), "%s in %d×%d: %s", tt.lesson, tt.w, tt.h, viewBox)
		var w, h float64
		_, err := fmt.Sscanf(viewBox, "0 0 %g %g", &w, &h)
		require.NoError(t, err)
		assert.GreaterOrEqual(t, 22*min(float64(tt.w)/w, float64(tt.h)/h), tt.leastLabelP, "%s in %d×%d", tt.lesson, tt.w, tt.h)
	}
}

// TestNetworkFitKeptAcrossSteps: the placement chosen for a run and a panel is kept
// from step to step, and the picture at every step is the one a page opened afresh at
// that step draws; a panel of another size and a replayed run choose again.
func TestNetworkFitKeptAcrossSteps(t *testing.T) {
	for _, tt := range []struct {
		lesson string
		w, h   int
	}{
		{"journey", 531, 287}, {"store-and-forward", 531, 287}, {"store-and-forward", 300, 700}, {"newsletter", 420, 260},
	} {
		t.Run(fmt.Sprintf("%s/%dx%d", tt.lesson, tt.w, tt.h), func(t *testing.T) {
			p, _ := view.Open(view.State{Lesson: tt.lesson, Step: 0, Demo: true})
			check := func(what string) {
				t.Helper()
				fresh, _ := view.Open(view.State{Lesson: tt.lesson, Step: p.Step, Demo: true, Faults: p.Faults})
				wantMarkup, wantBox := fresh.TopologyMarkup(tt.w, tt.h)
				markup, box := p.TopologyMarkup(tt.w, tt.h)
				require.Equal(t, wantBox, box, "%s, step %d", what, p.Step)
				require.Equal(t, wantMarkup, markup, "%s, step %d", what, p.Step)
			}
			for step := 0; step < p.Trace.Len(); step += max(1, p.Trace.Len()/25) {
				p.Seek(step)
				check("stepping")
			}
			// Another panel, then back: each its own placement.
			_, wide := p.TopologyMarkup(1000, 600)
			fresh, _ := view.Open(view.State{Lesson: tt.lesson, Step: p.Step, Demo: true})
			_, wantWide := fresh.TopologyMarkup(1000, 600)
			assert.Equal(t, wantWide, wide, "a wider panel")
			check("back to the panel")
			require.NoError(t, p.AddFault("down:"+p.Scenario.Hosts[len(p.Scenario.Hosts)-1].Name))
			check("a replayed run")
		})
	}
}

// TestLadderHeight: the diagram's picture is never shorter than its rows, grows by
// blocks (eight rows, or a twentieth of a long picture), keeps its height while the
// rows fit and it is at most two blocks too high, and shrinks when it is more.
func TestLadderHeight(t *testing.T) {
	const row = render.RowHeight
	block := 8 * row
	for _, tt := range []struct {
		name           string
		need, now, out int
	}{
		{"first drawing", 10 * row, 0, 2 * block},
		{"a row more, inside the block", 10*row + row, 2 * block, 2 * block},
		{"a row past the block", 2*block + 1, 2 * block, 3 * block},
		{"a row back", 2 * block, 3 * block, 3 * block},
		{"two blocks back, kept", block, 3 * block, 3 * block},
		{"more than two blocks back", block - 1, 3 * block, block},
		{"a long run grows by a twentieth", 20001, 0, 21000},
		{"and keeps it", 20500, 21000, 21000},
		{"jumped to the start", 3 * row, 21000, block},
	} {
		got := view.LadderHeight(tt.need, tt.now)
		assert.Equal(t, tt.out, got, tt.name)
		assert.GreaterOrEqual(t, got, tt.need, "%s: room for every row", tt.name)
	}
}

// TestFaultInputEmpty: an empty field asks for a fault with an example, in both
// languages, and adds nothing.
func TestFaultInputEmpty(t *testing.T) {
	p, _ := view.Open(view.State{Lesson: "journey", Step: -1})
	err := p.AddFault("  ")
	require.Error(t, err)
	assert.Equal(t, "type a fault first, e.g. down:mx.example.net,until=30m", view.Say("en", err))
	assert.Equal(t, "Gib zuerst einen Fehler ein, z. B. down:mx.example.net,until=30m", view.Say("de", err))
	assert.Empty(t, p.Faults)
}
