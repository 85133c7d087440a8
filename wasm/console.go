//go:build js && wasm

package main

import (
	"cmp"
	"fmt"
	"strconv"
	"strings"

	"smtpsim/wasm/view"
)

// consoleUI is the console panel's own state: the mode, the history of typed lines
// and what was drawn last.
type consoleUI struct {
	mode      string   // "client" (talk to a server) or "server" (be the server)
	history   []string // lines typed, oldest first, for ↑ and ↓
	histPos   int      // where ↑/↓ is in history; len(history) when not browsing
	listsFor  *view.Page
	drawnKey  view.ConsoleKey
	authReady string // the AUTH PLAIN line the helper made, for "put it in the line"
	// target is the server to choose when the lists are next drawn (host:port): a
	// restored session's last one, while the console's tab is closed.
	target string
}

func (a *app) bindConsole() {
	a.console.mode = "client"
	for _, id := range []string{"console-mode-client", "console-mode-server"} {
		a.on(id, "change", func(*event) {
			a.console.mode = "client"
			if a.byID("console-mode-server").Underlying().Get("checked").Bool() {
				a.console.mode = "server"
			}
			a.renderConsole()
		})
	}
	// The line is read and cleared at once, so that the next one can be typed while
	// this one is replayed.
	submit := func(form, input string, f func(line string)) {
		a.byID(form).AddEventListener("submit", false, func(ev *event) {
			ev.PreventDefault()
			in := a.byID(input)
			line := value(in)
			setValue(in, "")
			a.do(func() { f(line) })
		})
	}
	submit("console-form", "console-input", a.consoleSend)
	submit("console-reply-form", "console-reply", a.serverReply)
	a.byID("console-input").AddEventListener("keydown", false, func(ev *event) {
		ke, ok := keyboard(ev)
		if !ok || ke.Key() != "ArrowUp" && ke.Key() != "ArrowDown" {
			return
		}
		ev.PreventDefault()
		up := ke.Key() == "ArrowUp"
		a.do(func() { a.browseHistory(up) })
	})
	a.on("console-connect", "click", func(*event) {
		host, port := a.consoleTarget()
		a.consoleResult(a.page.ConsoleConnect(host, port), "console-error")
	})
	a.on("console-show", "click", func(*event) {
		host, port := a.consoleTarget()
		if h, p, open := a.page.ConsoleOpen(); !open || !strings.EqualFold(h, host) || p != port {
			if !a.consoleResult(a.page.ConsoleConnect(host, port), "console-error") {
				return
			}
		}
		a.fillInput("console-input", a.page.ConsoleSuggest())
	})
	a.byID("console-auth-form").AddEventListener("submit", false, func(ev *event) { ev.PreventDefault() })
	a.on("console-auth-form", "submit", func(*event) {
		enc, explain := a.page.ConsoleAuthPlain(value(a.byID("console-auth-user")), value(a.byID("console-auth-pass")))
		a.console.authReady = "AUTH PLAIN " + enc
		a.byID("console-auth-cmd").SetTextContent(a.console.authReady)
		a.byID("console-auth-explain").SetTextContent(explain)
		show(a.byID("console-auth-use"), true)
	})
	a.on("console-auth-use", "click", func(*event) { a.fillInput("console-input", a.console.authReady) })
	a.on("console-server-take", "click", func(*event) {
		a.consoleResult(a.page.BeServer(value(a.byID("console-server-host"))), "console-server-error")
	})
	a.on("console-server-stop", "click", func(*event) { a.consoleResult(a.page.BeServer(""), "console-server-error") })
	a.on("console-reply-show", "click", func(*event) { a.fillInput("console-reply", a.page.ServerSuggest()) })
}

// consoleTarget is the server chosen in the picker.
func (a *app) consoleTarget() (string, int) {
	v := value(a.byID("console-target"))
	i := strings.LastIndexByte(v, ':')
	if i < 0 {
		return v, 0
	}
	port, _ := strconv.Atoi(v[i+1:])
	return v[:i], port
}

func (a *app) consoleSend(line string) {
	if a.page == nil {
		return
	}
	host, port := a.consoleTarget()
	if line != "" && (len(a.console.history) == 0 || a.console.history[len(a.console.history)-1] != line) {
		a.console.history = append(a.console.history, line)
	}
	a.console.histPos = len(a.console.history)
	a.consoleResult(a.page.ConsoleSend(host, port, line), "console-error")
}

func (a *app) serverReply(line string) {
	if a.page == nil {
		return
	}
	a.consoleResult(a.page.ServerReply(strings.TrimSpace(line)), "console-server-error")
}

// consoleResult shows an error, or the replayed run; it reports success.
func (a *app) consoleResult(err error, errID string) bool {
	errEl := a.byID(errID)
	if err != nil {
		errEl.SetTextContent(err.Error())
		show(errEl, true)
		return false
	}
	show(errEl, false)
	a.syncURL()
	a.render()
	return true
}

func (a *app) fillInput(id, text string) {
	in := a.byID(id)
	setValue(in, text)
	in.Focus()
}

func (a *app) browseHistory(up bool) {
	c := &a.console
	switch {
	case up && c.histPos > 0:
		c.histPos--
	case !up && c.histPos < len(c.history):
		c.histPos++
	}
	line := ""
	if c.histPos < len(c.history) {
		line = c.history[c.histPos]
	}
	setValue(a.byID("console-input"), line)
}

func (a *app) consoleTexts() {
	t := func(id, key string) { a.text(id, view.T(a.lang, key)) }
	t("console-h", "console.heading")
	t("console-mode-client-l", "console.mode.client")
	t("console-mode-server-l", "console.mode.server")
	t("console-target-l", "console.target")
	t("console-connect", "console.connect")
	t("console-send", "console.send")
	t("console-show", "console.show")
	t("console-history", "console.history")
	t("console-auth-s", "console.auth.heading")
	t("console-auth-user-l", "console.auth.user")
	t("console-auth-pass-l", "console.auth.password")
	t("console-auth-go", "console.auth.go")
	t("console-auth-use", "console.auth.use")
	t("console-server-host-l", "console.server.host")
	t("console-server-take", "console.server.take")
	t("console-server-stop", "console.server.stop")
	t("console-reply-send", "console.send")
	t("console-reply-show", "console.show")
	a.attr("console-input", "aria-label", view.T(a.lang, "console.input"))
	a.attr("console-reply", "aria-label", view.T(a.lang, "console.server.reply"))
	a.console.listsFor, a.console.drawnKey = nil, view.ConsoleKey{}
}

// renderConsole draws the console panel; every text from the run goes in as text.
func (a *app) renderConsole() {
	p := a.page
	if p == nil || !a.toolShown("console") {
		return // drawn when its tab is opened (selectTool)
	}
	c := &a.console
	if c.listsFor != p {
		c.listsFor = p
		sel := a.byID("console-target")
		chosen := cmp.Or(c.target, value(sel))
		c.target = ""
		clear(sel)
		for _, tg := range p.ConsoleTargets() {
			o := a.el("option", tg.Label)
			o.SetAttribute("value", fmt.Sprintf("%s:%d", tg.Host, tg.Port))
			sel.AppendChild(o)
		}
		if chosen != "" {
			setValue(sel, chosen)
		}
		hosts := a.byID("console-server-host")
		chosen = value(hosts)
		clear(hosts)
		for _, h := range p.ServerHosts() {
			o := a.el("option", h)
			o.SetAttribute("value", h)
			hosts.AppendChild(o)
		}
		if chosen != "" {
			setValue(hosts, chosen)
		}
	}
	server := c.mode == "server"
	show(a.byID("console-client"), !server)
	show(a.byID("console-server"), server)
	key := p.ConsoleKey(c.mode)
	if key == c.drawnKey {
		return
	}
	c.drawnKey = key
	if server {
		playing := p.ServerHost() != ""
		show(a.byID("console-server-stop"), playing)
		a.byID("console-reply").Underlying().Set("disabled", !playing)
		log := a.byID("console-server-log")
		a.drawLog(log, p.ServerLog())
		log.SetAttribute("data-count", strconv.Itoa(len(p.ServerReplies())))
		a.byID("console-server-hint").SetTextContent(p.ServerHint())
		return
	}
	log := a.byID("console-log")
	a.drawLog(log, p.ConsoleLog())
	log.SetAttribute("data-count", strconv.Itoa(p.ConsoleLines()))
	a.byID("console-hint").SetTextContent(p.ConsoleHint())
}

// drawLog writes console lines as text nodes, each with its class and its hint as a tooltip.
func (a *app) drawLog(box *elem, lines []view.ConsoleLine) {
	clear(box)
	later := false
	for _, l := range lines {
		if l.Later && !later {
			later = true
			h := a.el("div", view.T(a.lang, "console.server.later"))
			h.SetAttribute("class", "note later")
			box.AppendChild(h)
		}
		d := a.el("div", l.Shown())
		class := l.Kind
		if l.Class != "" {
			class += " " + l.Class
		}
		if l.Later {
			class += " later"
		}
		d.SetAttribute("class", class)
		if l.Hint != "" {
			d.SetAttribute("title", l.Hint)
		}
		box.AppendChild(d)
	}
	box.Underlying().Set("scrollTop", box.Underlying().Get("scrollHeight"))
}
