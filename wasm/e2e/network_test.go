//go:build interop

package e2e

import (
	"path/filepath"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"smtpsim/sim/fault"
)

// pictureFont is the rendered size, in CSS px, of the picture's 22-unit texts.
const pictureFont = `(() => {
  const svg = document.getElementById("topology");
  const r = svg.getBoundingClientRect(), vb = svg.viewBox.baseVal;
  return 22 * Math.min(r.width / vb.width, r.height / vb.height);
})()`

// smallestFont is the smallest rendered font size, in CSS px, of the network's texts
// and its legend: the font size of each text of the picture times the picture's scale
// (it fits its box, keeping its proportions: the smaller of its rendered width and
// height over its viewBox's) and the font size of the legend's entries.
const smallestFont = `(() => {
  const svg = document.getElementById("topology");
  const r = svg.getBoundingClientRect(), vb = svg.viewBox.baseVal;
  const scale = Math.min(r.width / vb.width, r.height / vb.height);
  let min = Infinity;
  for (const t of svg.querySelectorAll("text")) {
    if (!t.textContent.trim()) continue;
    min = Math.min(min, parseFloat(getComputedStyle(t).fontSize) * scale);
  }
  for (const e of document.querySelectorAll("#network-key summary, #network-key li")) {
    min = Math.min(min, parseFloat(getComputedStyle(e).fontSize));
  }
  return min;
})()`

// TestNetworkRoles: every machine shows its roles as chips — the MX of the first lesson
// is MTA, MDA and POP3 server, not "msa" —, a legend explains them, and every label is
// at least 14 px in the one-screen page at 1366×768 and 1920×1080 and on a phone.
func TestNetworkRoles(t *testing.T) {
	ctx, url := browser(t)
	for _, s := range desktops[:2] {
		require.NoError(t, chromedp.Do(ctx, s.emulate()))
		for _, tt := range []struct {
			lesson string
			roles  map[string]string
		}{
			{"journey", map[string]string{"mx.example.net": "MTA MDA POP3", "mail.example.org": "MSA MTA", "dns": "DNS", "MUA alice@example.org": "MUA"}},
			{"store-and-forward", map[string]string{"relay.example.org": "MTA", "mx1.example.net": "MTA MDA IMAP"}},
		} {
			open(t, ctx, url, "lesson="+tt.lesson+"&lang=en&demo=1")
			require.NoError(t, chromedp.Do(ctx, chromedp.WaitVisible(`#topology g.node`), chromedp.WaitVisible(`#network-key summary`)))
			for node, chips := range tt.roles {
				got := eval[string](t, ctx, `[...document.querySelectorAll('#topology g[data-node="`+node+`"] g.chip text')].map(t => t.textContent).join(" ")`)
				assert.Equal(t, chips, got, "%s: %s", tt.lesson, node)
			}
			legend := eval[string](t, ctx, `document.getElementById("network-key").textContent`)
			for _, s := range []string{"Key", "MTA: transfers mail (25), queues it", "MDA: files mail into mailboxes", "envelope: the message, where it is"} {
				assert.Contains(t, legend, s)
			}
			font := eval[float64](t, ctx, smallestFont)
			size := eval[string](t, ctx, `(r => Math.round(r.width) + "×" + Math.round(r.height))(document.getElementById("topology").getBoundingClientRect()) + " px, viewBox " + document.getElementById("topology").getAttribute("viewBox")`)
			t.Logf("%s at %s: the network is %s, its labels %.1f px, the smallest text with the legend %.1f px", tt.lesson, s.name, size, eval[float64](t, ctx, pictureFont), font)
			assert.GreaterOrEqual(t, font, 14.0, "%s at %s", tt.lesson, s.name)
		}
	}
	// The legend opens over the picture, which keeps its size and labels.
	before := eval[string](t, ctx, `document.getElementById("topology").getAttribute("viewBox")`)
	require.NoError(t, chromedp.Do(ctx, chromedp.Click(`#network-key summary`), chromedp.WaitVisible(`#network-key-list`)))
	assert.Equal(t, before, eval[string](t, ctx, `document.getElementById("topology").getAttribute("viewBox")`))
	assert.LessOrEqual(t, eval[float64](t, ctx, `document.documentElement.scrollHeight`), eval[float64](t, ctx, `innerHeight`)+1, "the open legend does not make the page scroll")
	screenshot(t, ctx, "network-key")
	require.NoError(t, chromedp.Do(ctx, chromedp.Click(`#network-key summary`)))
	_, err := chromedp.Run(ctx, chromedp.Poll[bool](`!document.getElementById("network-key").open`))
	require.NoError(t, err, "the legend closes")
	// The message rests in the mailbox at the end: an envelope on the MDA chip.
	require.NoError(t, chromedp.Do(ctx, chromedp.KeyEvent(kb.End)))
	_, err = chromedp.Run(ctx, chromedp.Poll[bool](`!!document.querySelector('#topology g[data-node="mx1.example.net"] g.chip.mda .envelope')`))
	require.NoError(t, err, "the filed message rests on the MDA chip")
	assert.Equal(t, "rgb(9, 105, 218)", eval[string](t, ctx, `getComputedStyle(document.querySelector('#topology g[data-node="mx1.example.net"] g.chip.mda .envelope rect')).fill`),
		"the envelope is blue on the chip, not the chip's colour")
	screenshot(t, ctx, "network-roles")

	// On a phone the picture runs top to bottom, and its labels stay readable.
	require.NoError(t, chromedp.Do(ctx, chromedp.EmulateViewport(390, 844)))
	open(t, ctx, url, "lesson=store-and-forward&lang=de&demo=1")
	_, err = chromedp.Run(ctx, chromedp.Poll[bool](`document.getElementById("topology").viewBox.baseVal.width === 480`))
	require.NoError(t, err, "the narrow picture on a phone")
	font := eval[float64](t, ctx, smallestFont)
	t.Logf("store-and-forward at 390×844: labels %.1f px, smallest text with the legend %.1f px", eval[float64](t, ctx, pictureFont), font)
	assert.GreaterOrEqual(t, font, 14.0)
	open(t, ctx, url, "lesson=journey&lang=en&demo=1")
	_, err = chromedp.Run(ctx, chromedp.Poll[bool](`document.getElementById("topology").viewBox.baseVal.width === 480`))
	require.NoError(t, err, "the narrow picture on a phone")
	font = eval[float64](t, ctx, smallestFont)
	t.Logf("journey at 390×844: labels %.1f px, smallest text with the legend %.1f px", eval[float64](t, ctx, pictureFont), font)
	assert.GreaterOrEqual(t, font, 14.0)
	assert.LessOrEqual(t, eval[float64](t, ctx, `document.getElementById("topology").getBoundingClientRect().right`), 390.0, "no sideways scrolling")
}

// TestFaultMenu: a click on a machine opens the menu of its faults; choosing one adds
// it, as the form does, and the run changes. The keyboard does the same: Enter on the
// machine (the page does not scroll), arrows in the menu, Escape back to the machine.
func TestFaultMenu(t *testing.T) {
	ctx, url := browser(t)
	open(t, ctx, url, "lesson=journey&lang=en&demo=1")
	events := `document.getElementById("lesson-progress").textContent.match(/of (\d+)/)[1]`
	before := eval[string](t, ctx, events)
	// A few steps in, as TestAccessibleLesson: the diagram has rows that take the focus.
	stepUntil(t, ctx, `document.querySelectorAll("#ladder g.arrow").length >= 3`)
	require.NoError(t, chromedp.Do(ctx,
		chromedp.Click(`#topology g[data-node="mx.example.net"]`),
		chromedp.WaitVisible(`#fault-menu button[data-spec="greylist:mx.example.net"]`),
	))
	assert.Equal(t, "Faults for mx.example.net", text(t, ctx, `#fault-menu-h`))
	menu := text(t, ctx, `#fault-menu-list`)
	for _, s := range []string{"down:mx.example.net,until=30m", "unknown-user:bob@example.net", "mailbox-full:bob@example.net", "no-mx:example.net",
		"Greylisting: the first attempt gets 450, a later one is accepted."} {
		assert.Contains(t, menu, s)
	}
	assert.NotContains(t, menu, "wrong-password")
	assert.True(t, eval[bool](t, ctx, `!!document.activeElement.closest("#fault-menu")`), "the focus is in the menu")
	requireAccessible(t, ctx, "fault menu")
	require.NoError(t, chromedp.Do(ctx,
		chromedp.Click(`#fault-menu button[data-spec="greylist:mx.example.net"]`),
		chromedp.WaitNotVisible(`#fault-menu`),
	))
	assert.Contains(t, text(t, ctx, `#fault-list`), "greylist:mx.example.net")
	assert.Contains(t, eval[string](t, ctx, `location.hash`), "fault=greylist")
	assert.NotEqual(t, before, eval[string](t, ctx, events), "the run changed")
	// Open again: the fault now set is flagged in the menu and adds nothing.
	require.NoError(t, chromedp.Do(ctx,
		chromedp.Click(`#topology g[data-node="mx.example.net"]`),
		chromedp.WaitVisible(`#fault-menu button[data-spec="greylist:mx.example.net"][aria-disabled="true"]`),
	))
	assert.Contains(t, text(t, ctx, `#fault-menu button[data-spec="greylist:mx.example.net"]`), "the same fault is already set")
	requireAccessible(t, ctx, "fault menu with a fault set")
	require.NoError(t, chromedp.Do(ctx, chromedp.Click(`#fault-menu-close`), chromedp.WaitNotVisible(`#fault-menu`)))
	require.NoError(t, chromedp.Do(ctx, chromedp.KeyEvent(kb.End)))
	assert.Contains(t, eval[string](t, ctx, transcript), "S: 450 4.2.0")

	// By keyboard, on the sender's program: Enter opens, the page does not scroll.
	open(t, ctx, url, "lang=en&lesson=journey&demo=1")
	const node = `#topology g[data-node="MUA alice@example.org"]`
	// The document hears the key after the network did (it bubbles up): was its default prevented?
	eval[bool](t, ctx, `document.addEventListener("keydown", e => { if (e.target.closest("#topology")) window.enterPrevented = e.defaultPrevented }), true`)
	require.NoError(t, chromedp.Do(ctx, chromedp.Focus(node), chromedp.KeyEvent(kb.Enter)))
	_, err := chromedp.Run(ctx, chromedp.Poll[bool](`!document.getElementById("fault-menu").hidden && document.activeElement.dataset.spec === "wrong-password:alice@example.org"`))
	require.NoError(t, err, "Enter opens the menu with the focus on its first fault")
	assert.Equal(t, "true", eval[string](t, ctx, `String(window.enterPrevented)`), "Enter on the machine does not scroll the page")
	require.NoError(t, chromedp.Do(ctx, chromedp.KeyEvent(kb.ArrowDown)))
	assert.Equal(t, "no-auth:alice@example.org", eval[string](t, ctx, `document.activeElement.dataset.spec || ""`), "↓ moves to the next fault")
	require.NoError(t, chromedp.Do(ctx, chromedp.KeyEvent(kb.Escape)))
	_, err = chromedp.Run(ctx, chromedp.Poll[bool](`document.getElementById("fault-menu").hidden && document.activeElement.dataset.node === "MUA alice@example.org"`))
	require.NoError(t, err, "Escape closes the menu and gives the focus back to the machine")
	require.NoError(t, chromedp.Do(ctx, chromedp.KeyEvent(kb.Enter)))
	_, err = chromedp.Run(ctx, chromedp.Poll[bool](`document.activeElement.dataset.spec === "wrong-password:alice@example.org"`))
	require.NoError(t, err)
	require.NoError(t, chromedp.Do(ctx, chromedp.KeyEvent(kb.Enter), chromedp.WaitNotVisible(`#fault-menu`)))
	assert.Contains(t, text(t, ctx, `#fault-list`), "wrong-password:alice@example.org")
	require.NoError(t, chromedp.Do(ctx, chromedp.KeyEvent(kb.End)))
	assert.Contains(t, eval[string](t, ctx, transcript), "S: 535 5.7.8")

	// The help card lists every kind with an example.
	require.NoError(t, chromedp.Do(ctx, chromedp.Click(`#fault-help-s`), chromedp.WaitVisible(`#fault-help-list`)))
	assert.Equal(t, len(fault.Kinds), eval[int](t, ctx, `document.querySelectorAll("#fault-help-list dt").length`))
	assert.Contains(t, text(t, ctx, `#fault-help-list`), "slow:HOST,delay=DURATION")
	assert.Contains(t, text(t, ctx, `#fault-help-list`), "spf-record:DOMAIN[,value=TEXT]")
	assert.Contains(t, text(t, ctx, `#fault-help-list`), "strip-starttls:mx.example.net")
	requireAccessible(t, ctx, "fault help")
	screenshot(t, ctx, "fault-menu")
}

// TestFlaggedFaults: faults of a link that cannot take effect are flagged in the list
// with the reason; the form refuses one with a clear message; both in German too.
func TestFlaggedFaults(t *testing.T) {
	ctx, url := browser(t)
	for _, tt := range []struct{ lang, host, dup, user string }{
		{"en", "nowhere.example is not a machine of this run", "the same fault is already set: greylist:mx.example.net", "zoe@example.net has no mailbox in this run"},
		{"de", "nowhere.example ist kein Rechner dieses Laufs", "derselbe Fehler ist schon gesetzt: greylist:mx.example.net", "zoe@example.net hat in diesem Lauf kein Postfach"},
	} {
		open(t, ctx, url, "lesson=journey&lang="+tt.lang+"&fault=down:nowhere.example&fault=greylist:mx.example.net&fault=greylist:mx.example.net")
		showTool(t, ctx, "faults") // the list is in the tool drawer
		require.NoError(t, chromedp.Do(ctx, chromedp.WaitVisible(`#fault-list li.flagged`)))
		assert.Equal(t, 2, eval[int](t, ctx, `document.querySelectorAll("#fault-list li.flagged").length`))
		flags := eval[string](t, ctx, `[...document.querySelectorAll("#fault-list .fault-flag")].map(e => e.textContent).join("\n")`)
		assert.Contains(t, flags, tt.host)
		assert.Contains(t, flags, tt.dup)
		require.NoError(t, chromedp.Do(ctx,
			chromedp.SendKeys(`#fault-input`, "unknown-user:zoe@example.net"),
			chromedp.Click(`#fault-add`),
			chromedp.WaitVisible(`#fault-error`),
		))
		assert.Contains(t, text(t, ctx, `#fault-error`), tt.user)
		assert.Equal(t, 3, eval[int](t, ctx, `document.querySelectorAll("#fault-list li").length`), "not added")
		if tt.lang == "de" {
			words := englishWords(t)
			noEnglish(t, ctx, "flagged faults", words)
			require.NoError(t, chromedp.Do(ctx,
				chromedp.Click(`#topology g[data-node="mx.example.net"]`),
				chromedp.WaitVisible(`#fault-menu button`),
				chromedp.Click(`#fault-help-s`), chromedp.WaitVisible(`#fault-help-list`),
			))
			assert.Contains(t, text(t, ctx, `#fault-menu-h`), "Fehler für mx.example.net")
			noEnglish(t, ctx, "fault menu and help", words)
			// Another lesson closes the menu of a machine of this one.
			open(t, ctx, url, "lesson=dns&lang=de")
			require.NoError(t, chromedp.Do(ctx, chromedp.WaitNotVisible(`#fault-menu`)))
		}
	}
}

// TestNetworkPadlock opens a world with STARTTLS on both hops as an own scenario: the
// active link shows an open padlock before the handshake and a closed one after it, as
// symbol and words (its accessible name), and the diagram notes the handshake with 🔒.
func TestNetworkPadlock(t *testing.T) {
	ctx, url := browser(t)
	file, err := filepath.Abs(filepath.Join("..", "view", "testdata", "locks.yaml"))
	require.NoError(t, err)
	require.NoError(t, chromedp.Do(ctx,
		chromedp.Navigate(url+"/index.html"),
		chromedp.WaitVisible(`#own-files`),
		chromedp.SetUploadFiles(`#own-files`, []string{file}),
		chromedp.WaitVisible(`#lesson-title`),
	))
	stepUntil(t, ctx, `!!document.querySelector("#topology g.lock.open")`)
	assert.Equal(t, "🔓 clear text", eval[string](t, ctx, `document.querySelector("#topology g.lock.open text").textContent`))
	stepUntil(t, ctx, `!!document.querySelector("#topology g.lock.locked")`)
	assert.Equal(t, "Encrypted: this connection runs over TLS.", eval[string](t, ctx, `document.querySelector("#topology g.lock.locked").getAttribute("aria-label")`))
	assert.Equal(t, "🔒 TLS", eval[string](t, ctx, `document.querySelector("#topology g.lock.locked text").textContent`))
	assert.Contains(t, eval[string](t, ctx, `document.getElementById("ladder").textContent`), "🔒 STARTTLS done")

	// The German page says it in German.
	startPageInGerman(t, ctx, url)
	require.NoError(t, chromedp.Do(ctx,
		chromedp.SetUploadFiles(`#own-files`, []string{file}),
		chromedp.WaitVisible(`#lesson-title`),
	))
	stepUntil(t, ctx, `!!document.querySelector("#topology g.lock.locked")`)
	assert.Equal(t, "Verschlüsselt: diese Verbindung läuft über TLS.", eval[string](t, ctx, `document.querySelector("#topology g.lock.locked").getAttribute("aria-label")`))
	noEnglish(t, ctx, "padlock", englishWords(t))
}
