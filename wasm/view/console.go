package view

import (
	"encoding/base64"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"smtpsim/sim/render"
	"smtpsim/sim/scenario"
	"smtpsim/sim/smtp"
	"smtpsim/sim/trace"
	"smtpsim/sim/world"
)

// The console lets the learner type at a server of the world ("talk to a server") or
// answer a client in a server's place ("be the server"). What the learner types is
// input of the run, like a composed message: every line replays the world with it.

// consoleState is what the learner typed, replayed with every run.
type consoleState struct {
	sessions  []world.Console
	runs      []*world.ConsoleRun // what became of each session in the last run
	manual    *world.ManualServer
	manualRun *world.ManualRun
}

// addConsoles puts the learner's consoles and manual server into a world before it runs.
func (p *Page) addConsoles(w *world.World) {
	p.console.runs = make([]*world.ConsoleRun, len(p.console.sessions))
	for i, s := range p.console.sessions {
		p.console.runs[i] = w.AddConsole(s)
	}
	p.console.manualRun = nil
	if p.console.manual != nil {
		p.console.manualRun = w.SetManualServer(*p.console.manual)
	}
}

// ConsoleTarget is a server the console can talk to.
type ConsoleTarget struct {
	Host  string
	Port  int
	Label string
}

// ConsoleTargets lists every server of the world with its ports: SMTP (25) on MX
// and relay hosts, submission (587) on MSAs, POP3 (110) and IMAP (143) on MX hosts.
func (p *Page) ConsoleTargets() []ConsoleTarget {
	var out []ConsoleTarget
	for _, h := range p.Scenario.Hosts {
		var ports []int
		if h.Has(scenario.RoleMX) || h.Has(scenario.RoleRelay) {
			ports = append(ports, 25)
		}
		if h.Has(scenario.RoleMSA) {
			ports = append(ports, 587)
		}
		if h.Has(scenario.RoleMX) {
			ports = append(ports, 110, 143)
		}
		for _, port := range ports {
			out = append(out, ConsoleTarget{Host: h.Name, Port: port,
				Label: fmt.Sprintf("%s:%d — %s", h.Name, port, T(p.Lang, "console.port."+strconv.Itoa(port)))})
		}
	}
	return out
}

func (p *Page) checkTarget(host string, port int) (string, error) {
	for _, t := range p.ConsoleTargets() {
		if strings.EqualFold(t.Host, host) && t.Port == port {
			return t.Host, nil
		}
	}
	return "", errors.New(T(p.Lang, "console.error.target", host, port))
}

// nextAt is when something the learner starts now happens: one second after the
// current event, as for retrievals and composed messages.
func (p *Page) nextAt() time.Duration {
	if cur, ok := p.Current(); ok {
		return cur.Time + time.Second
	}
	return 0
}

// ConsoleConnect opens a new console connection to host:port one second after the
// current event; the view moves to the server's greeting.
func (p *Page) ConsoleConnect(host string, port int) error {
	name, err := p.checkTarget(host, port)
	if err != nil {
		return err
	}
	p.console.sessions = append(slices.Clone(p.console.sessions), world.Console{At: p.nextAt(), Host: name, Port: port})
	p.rerun()
	p.toConsole()
	return nil
}

// ConsoleSend types one line at host:port: it joins the open connection there, or
// opens a new one (when there is none, or the last one closed). The run is replayed
// and the view moves to the console's latest event.
func (p *Page) ConsoleSend(host string, port int, line string) error {
	if strings.ContainsAny(line, "\r\n") {
		return errors.New(T(p.Lang, "console.error.line"))
	}
	name, err := p.checkTarget(host, port)
	if err != nil {
		return err
	}
	if i := p.openSession(name, port); i >= 0 {
		s := &p.console.sessions[i]
		s.Lines = append(slices.Clone(s.Lines), line)
	} else {
		p.console.sessions = append(slices.Clone(p.console.sessions), world.Console{At: p.nextAt(), Host: name, Port: port, Lines: []string{line}})
	}
	p.rerun()
	p.toConsole()
	return nil
}

// ConsoleOpen returns the target of the latest console connection while it is open.
func (p *Page) ConsoleOpen() (host string, port int, ok bool) {
	i := len(p.console.sessions) - 1
	if i < 0 || i >= len(p.console.runs) || p.console.runs[i].Closed {
		return "", 0, false
	}
	return p.console.sessions[i].Host, p.console.sessions[i].Port, true
}

// ConsoleLines counts the lines typed at the console so far.
func (p *Page) ConsoleLines() int {
	n := 0
	for _, s := range p.console.sessions {
		n += len(s.Lines)
	}
	return n
}

// openSession returns the last session if it talks to host:port and is still open.
func (p *Page) openSession(host string, port int) int {
	i := len(p.console.sessions) - 1
	if i < 0 || i >= len(p.console.runs) {
		return -1
	}
	s, r := p.console.sessions[i], p.console.runs[i]
	if !strings.EqualFold(s.Host, host) || s.Port != port || r.Closed {
		return -1
	}
	return i
}

// toConsole moves the view to the latest event of the latest console session.
func (p *Page) toConsole() {
	i := len(p.console.runs) - 1
	if i < 0 {
		return
	}
	conn := p.console.runs[i].Conn
	for j := p.Trace.Len() - 1; j >= 0; j-- {
		e := p.Trace.At(j)
		if e.Actor == world.ConsoleActor && (conn == 0 || e.Conn == conn) {
			p.Step = j
			return
		}
	}
}

// ConsoleLine is one line of the console's log.
type ConsoleLine struct {
	Kind  string // "client" (C:), "server" (S:), "note", "held" (message text not sent yet), "unsent", "waiting"
	Text  string
	Class string // ok, more, retry, fail: replies and notes
	Hint  string // what a reply means, from the catalog
	Index int    // the trace event, -1 when it is not one
	Later bool   // be the server: what follows if the learner stays silent
}

// consolePrefix marks who speaks on a line of the console's log.
var consolePrefix = map[string]string{"client": "C: ", "server": "S: ", "note": "· ", "held": "C… ", "unsent": "C✗ ", "waiting": "» "}

// Shown is the line as the log shows it: who speaks, then for a reply or an outcome
// its icon, then the text.
func (l ConsoleLine) Shown() string {
	text := l.Text
	if icon := render.Icon(l.Class); icon != "" && (l.Kind == "server" || l.Kind == "note") {
		text = icon + " " + text
	}
	return consolePrefix[l.Kind] + text
}

// ConsoleLog returns the console's exchange over the whole run, every session in turn:
// what the learner typed, what the servers answered (with a hint for each reply),
// the connections opened and closed, and lines not (yet) sent.
func (p *Page) ConsoleLog() []ConsoleLine {
	byConn := map[int]int{}
	for i, r := range p.console.runs {
		if r.Conn != 0 {
			byConn[r.Conn] = i
		}
	}
	logs := make([][]ConsoleLine, len(p.console.sessions))
	for i, e := range p.Trace.All() {
		if e.Actor != world.ConsoleActor {
			continue
		}
		s, ok := byConn[e.Conn]
		if !ok {
			continue
		}
		logs[s] = append(logs[s], p.logLines(i, e, "client")...)
	}
	var out []ConsoleLine
	for i, s := range p.console.sessions {
		if i >= len(p.console.runs) {
			break
		}
		r := p.console.runs[i]
		if r.Conn == 0 {
			out = append(out, ConsoleLine{Kind: "note", Text: T(p.Lang, "console.log.connect", s.Host, s.Port), Class: "fail", Index: -1})
		}
		out = append(out, logs[i]...)
		kind, note := "unsent", T(p.Lang, "console.log.unsent")
		if r.InData && !r.Closed {
			kind, note = "held", T(p.Lang, "console.log.held")
		}
		for _, l := range s.Lines[min(r.Sent, len(s.Lines)):] {
			out = append(out, ConsoleLine{Kind: kind, Text: l, Hint: note, Index: -1})
		}
	}
	return out
}

// logLines turns a trace event into log lines; you is "client" at the console and
// "server" when the learner plays the server.
func (p *Page) logLines(i int, e trace.Event, you string) []ConsoleLine {
	line := func(kind, text string) ConsoleLine { return ConsoleLine{Kind: kind, Text: text, Index: i} }
	switch e.Kind {
	case trace.KindConnect:
		if you == "server" {
			return []ConsoleLine{line("note", T(p.Lang, "console.server.connect", e.Actor))}
		}
		return []ConsoleLine{line("note", T(p.Lang, "console.log.connect", e.Peer, e.Port))}
	case trace.KindLine:
		if e.Dir == trace.DirSend {
			return []ConsoleLine{line("client", e.Line)}
		}
		l := line("server", e.Line)
		l.Class, l.Hint = render.ReplyClass(e), consoleHint(p.Lang, e)
		return []ConsoleLine{l}
	case trace.KindData:
		kind := "client"
		if e.Dir == trace.DirRecv {
			kind = "server"
		}
		if you == "server" || len(e.Payload) == 0 {
			return []ConsoleLine{line(kind, p.words().Wire(e))}
		}
		var out []ConsoleLine
		for _, l := range strings.Split(strings.TrimSuffix(string(e.Payload), "\r\n"), "\r\n") {
			out = append(out, line(kind, l))
		}
		return out
	case trace.KindClose:
		return []ConsoleLine{line("note", T(p.Lang, "console.log.close"))}
	case trace.KindTimeout:
		l := line("note", p.Note(e))
		l.Class = "retry"
		return []ConsoleLine{l}
	case trace.KindRefused, trace.KindUnreachable:
		l := line("note", p.Note(e))
		l.Class = render.ConnectClass(e)
		return []ConsoleLine{l}
	case trace.KindDefer, trace.KindBounce, trace.KindExpire, trace.KindHandoff:
		l := line("note", p.Note(e))
		l.Class = map[trace.Kind]string{trace.KindDefer: "retry", trace.KindBounce: "fail", trace.KindExpire: "fail", trace.KindHandoff: "ok"}[e.Kind]
		return []ConsoleLine{l}
	}
	return nil
}

// consoleHint explains a reply from the catalog: "503 5.5.1 — Sender missing: …".
func consoleHint(lang string, e trace.Event) string {
	ex, ok := Explain(lang, e.Reason, e.Code, e.Status)
	if !ok {
		return ""
	}
	head := strings.TrimSpace(ex.Code + " " + ex.Status)
	if head != "" {
		head += " — "
	}
	return head + ex.Title + ": " + ex.Text
}

// ConsoleHint is the line under the console: what the last reply means, or what to
// do now (type the message, wait, connect again).
func (p *Page) ConsoleHint() string {
	n := len(p.console.runs)
	if n == 0 || n > len(p.console.sessions) {
		return T(p.Lang, "console.hint.start")
	}
	r := p.console.runs[n-1]
	switch {
	case r.Closed:
		return T(p.Lang, "console.hint.closed")
	case r.InData:
		return T(p.Lang, "console.hint.data")
	case r.Waiting:
		return T(p.Lang, "console.hint.waiting")
	}
	log := p.ConsoleLog()
	for i := len(log) - 1; i >= 0; i-- {
		if log[i].Kind == "server" && log[i].Hint != "" {
			return log[i].Hint
		}
	}
	return ""
}

// exchange is a command the console sent and the reply lines it got.
type exchange struct {
	line    string
	replies []string
}

// exchanges returns the commands of the latest session, oldest first.
func (p *Page) exchanges() []exchange {
	n := len(p.console.runs)
	if n == 0 {
		return nil
	}
	conn := p.console.runs[n-1].Conn
	var out []exchange
	for _, e := range p.Trace.All() {
		if e.Actor != world.ConsoleActor || e.Conn != conn || conn == 0 || e.Kind != trace.KindLine {
			continue
		}
		if e.Dir == trace.DirSend {
			out = append(out, exchange{line: e.Line})
		} else if len(out) > 0 {
			out[len(out)-1].replies = append(out[len(out)-1].replies, e.Line)
		}
	}
	return out
}

// ConsoleSuggest is "show me": the next correct line of a simple session at the
// latest console connection, given what was sent so far — for SMTP EHLO, AUTH PLAIN
// (on 587), MAIL FROM, RCPT TO, DATA, a short message, ".", QUIT; for POP3 and IMAP a
// login, a look at the mailbox and goodbye. "" before any connection.
func (p *Page) ConsoleSuggest() string {
	n := len(p.console.sessions)
	if n == 0 || n > len(p.console.runs) {
		return ""
	}
	s, r := p.console.sessions[n-1], p.console.runs[n-1]
	var ex []exchange
	if !r.Closed {
		ex = p.exchanges()
	}
	switch s.Port {
	case 110:
		return p.suggestPOP3(s.Host, ex)
	case 143:
		return p.suggestIMAP(s.Host, ex)
	}
	from, to := p.consoleUsers(s.Host, s.Port)
	if r.InData && !r.Closed {
		return p.suggestText(from, to, s.Lines[r.Sent:])
	}
	var helo, authed, mail, rcpt, sent bool
	for _, x := range ex {
		code := 0
		if len(x.replies) > 0 && len(x.replies[0]) >= 3 {
			code, _ = strconv.Atoi(x.replies[0][:3])
		}
		ok := code/100 == 2
		verb, _, _ := strings.Cut(x.line, " ")
		switch verb = strings.ToUpper(verb); {
		case code == 235:
			authed = true
		case verb == "EHLO" || verb == "HELO":
			helo = helo || ok
			mail, rcpt = false, false
		case verb == "MAIL":
			mail, rcpt = ok, false
		case verb == "RCPT":
			rcpt = rcpt || ok
		case verb == "RSET":
			mail, rcpt = false, false
		case verb == ".":
			sent = sent || ok
			mail, rcpt = false, false
		}
	}
	switch {
	case !helo:
		return "EHLO my-laptop.example"
	case s.Port == 587 && !authed:
		return "AUTH PLAIN " + authPlain(from.Address, from.Password)
	case sent && !mail:
		return "QUIT"
	case !mail:
		return "MAIL FROM:<" + from.Address + ">"
	case !rcpt:
		return "RCPT TO:<" + to.Address + ">"
	}
	return "DATA"
}

// suggestText is the next line of a short message after the lines typed so far: the
// header fields not yet there, the empty line, the text, the final dot.
func (p *Page) suggestText(from, to scenario.User, typed []string) string {
	if i := slices.Index(typed, ""); i >= 0 {
		if i+1 < len(typed) {
			return "."
		}
		return T(p.Lang, "console.suggest.body")
	}
	for _, h := range []string{"From: <" + from.Address + ">", "To: <" + to.Address + ">", "Subject: " + T(p.Lang, "console.suggest.subject")} {
		name, _, _ := strings.Cut(h, " ")
		if !slices.ContainsFunc(typed, func(l string) bool { return len(l) >= len(name) && strings.EqualFold(l[:len(name)], name) }) {
			return h
		}
	}
	return ""
}

func (p *Page) suggestPOP3(host string, ex []exchange) string {
	u := p.mailboxUser(host)
	steps := []string{"USER " + u.Address, "PASS " + u.Password, "STAT", "LIST", "RETR 1", "QUIT"}
	done := 0
	for _, x := range ex {
		if done >= len(steps) {
			break
		}
		want, _, _ := strings.Cut(steps[done], " ")
		verb, _, _ := strings.Cut(x.line, " ")
		if !strings.EqualFold(verb, want) {
			continue
		}
		okReply := len(x.replies) > 0 && strings.HasPrefix(x.replies[0], "+OK")
		switch {
		case want == "PASS" && !okReply:
			done = 0 // a failed login starts over with USER
		case want == "USER" && !okReply:
		default:
			done++
		}
	}
	if done >= len(steps) {
		return ""
	}
	return steps[done]
}

func (p *Page) suggestIMAP(host string, ex []exchange) string {
	u := p.mailboxUser(host)
	steps := []string{"LOGIN " + u.Address + " " + u.Password, "SELECT INBOX", "FETCH 1 BODY[]", "LOGOUT"}
	done := 0
	for _, x := range ex {
		if done >= len(steps) {
			break
		}
		f := strings.Fields(x.line)
		want, _, _ := strings.Cut(steps[done], " ")
		if len(f) < 2 || !strings.EqualFold(f[1], want) {
			continue
		}
		okReply := slices.ContainsFunc(x.replies, func(l string) bool { return strings.HasPrefix(l, f[0]+" OK") })
		if okReply || want != "LOGIN" {
			done++
		}
	}
	if done >= len(steps) {
		return ""
	}
	return fmt.Sprintf("a%d %s", len(ex)+1, steps[done])
}

// consoleUsers picks a sender and a recipient that work at host:port: on 587 a user
// of that MSA writing to someone else, on 25 someone writing to a mailbox of that host.
func (p *Page) consoleUsers(host string, port int) (from, to scenario.User) {
	users := p.Scenario.Users
	if len(users) == 0 {
		u := scenario.User{Address: "you@example.com", Password: "secret"}
		return u, u
	}
	pick := func(ok func(u scenario.User) bool) (scenario.User, bool) {
		for _, u := range users {
			if ok(u) {
				return u, true
			}
		}
		return scenario.User{}, false
	}
	other := func(of scenario.User) scenario.User {
		if u, ok := pick(func(u scenario.User) bool { return scenario.Domain(u.Address) != scenario.Domain(of.Address) }); ok {
			return u
		}
		if u, ok := pick(func(u scenario.User) bool { return !strings.EqualFold(u.Address, of.Address) }); ok {
			return u
		}
		return of
	}
	if port == 587 {
		from, ok := pick(func(u scenario.User) bool {
			h, ok := p.Scenario.HostFor(scenario.RoleMSA, scenario.Domain(u.Address))
			return ok && strings.EqualFold(h.Name, host)
		})
		if !ok {
			from = users[0]
		}
		return from, other(from)
	}
	to = p.mailboxUser(host)
	return other(to), to
}

// mailboxUser is the first user whose mailbox is on host (else the first user).
func (p *Page) mailboxUser(host string) scenario.User {
	for _, u := range p.Scenario.Users {
		if h, ok := p.Scenario.HostFor(scenario.RoleMX, scenario.Domain(u.Address)); ok && strings.EqualFold(h.Name, host) {
			return u
		}
	}
	if len(p.Scenario.Users) > 0 {
		return p.Scenario.Users[0]
	}
	return scenario.User{Address: "you@example.com", Password: "secret"}
}

func authPlain(user, password string) string {
	return base64.StdEncoding.EncodeToString([]byte("\x00" + user + "\x00" + password))
}

// ConsoleAuthPlain returns the AUTH PLAIN response for a login (RFC 4616) and how
// it is made: base64 of NUL, the user name, NUL, the password.
func (p *Page) ConsoleAuthPlain(user, password string) (encoded, explanation string) {
	encoded = authPlain(user, password)
	return encoded, T(p.Lang, "console.auth.explain", user, password, encoded)
}

// ServerHosts lists the hosts whose SMTP server on port 25 the learner can play.
func (p *Page) ServerHosts() []string {
	var out []string
	for _, h := range p.Scenario.Hosts {
		if h.Has(scenario.RoleMX) || h.Has(scenario.RoleRelay) {
			out = append(out, h.Name)
		}
	}
	return out
}

// ServerHost is the host the learner plays, "" when none.
func (p *Page) ServerHost() string {
	if p.console.manual == nil {
		return ""
	}
	return p.console.manual.Host
}

// BeServer lets the learner be host's SMTP server on port 25, with no reply typed
// yet ("" gives the server back to the simulator). The view moves to the first thing
// a client waits for.
func (p *Page) BeServer(host string) error {
	if host == "" {
		p.console.manual = nil
		p.rerun()
		p.Step = min(p.Step, p.Trace.Len()-1)
		return nil
	}
	i := slices.IndexFunc(p.ServerHosts(), func(h string) bool { return strings.EqualFold(h, host) })
	if i < 0 {
		return errors.New(T(p.Lang, "console.error.target", host, 25))
	}
	p.console.manual = &world.ManualServer{Host: p.ServerHosts()[i]}
	p.rerun()
	p.toServer()
	return nil
}

// isReplyLine reports whether a line the learner types as the server is a reply line:
// a code from 200 to 599, alone or followed by a space (the last line of the reply) or
// a hyphen (more lines follow) and text on the same line.
func isReplyLine(line string) bool {
	digit := func(c byte) bool { return '0' <= c && c <= '9' }
	if len(line) < 3 || line[0] < '2' || line[0] > '5' || !digit(line[1]) || !digit(line[2]) {
		return false
	}
	return len(line) == 3 || (line[3] == ' ' || line[3] == '-') && !strings.Contains(line[4:], "\n")
}

// ServerReply types the learner's next reply line as the server: it answers the
// first greeting or command still waiting. A line "250-…" announces more lines of the
// same reply. The run is replayed and the view moves to the next thing a client
// waits for (or to the end, when no client waits any more).
func (p *Page) ServerReply(line string) error {
	if p.console.manual == nil {
		return errors.New(T(p.Lang, "console.server.first"))
	}
	if !isReplyLine(line) {
		return errors.New(T(p.Lang, "console.server.bad"))
	}
	m := *p.console.manual
	m.Replies = append(slices.Clone(m.Replies), line)
	p.console.manual = &m
	p.rerun()
	p.toServer()
	return nil
}

func (p *Page) toServer() {
	if p.console.manualRun != nil {
		if q, ok := p.console.manualRun.Waiting(); ok {
			p.Step = min(q.Event, p.Trace.Len()-1)
			return
		}
	}
	p.End()
}

// ServerReplies returns the reply lines the learner typed as the server.
func (p *Page) ServerReplies() []string {
	if p.console.manual == nil {
		return nil
	}
	return p.console.manual.Replies
}

// serverWaiting returns what a client waits for from the learner's server.
func (p *Page) serverWaiting() (world.ManualRequest, bool) {
	if p.console.manualRun == nil {
		return world.ManualRequest{}, false
	}
	return p.console.manualRun.Waiting()
}

// ServerLog returns the conversations clients have with the server the learner
// plays: their commands, the learner's replies, and what each client did about it
// (defer with the next attempt, bounce, hand-off). After the first request still
// without a reply it shows, marked Later, what happens if the learner stays silent, up
// to the client's decision.
func (p *Page) ServerLog() []ConsoleLine {
	host := p.ServerHost()
	if host == "" {
		return nil
	}
	q, waiting := p.serverWaiting()
	conns, msgs := map[int]bool{}, map[string]bool{}
	var out []ConsoleLine
	later := false
	for i, e := range p.Trace.All() {
		switch {
		case e.Kind == trace.KindConnect && strings.EqualFold(e.Peer, host) && e.Port == 25:
			conns[e.Conn] = true
			if e.Msg != "" {
				msgs[e.Msg] = true
			}
		case e.Conn != 0 && conns[e.Conn] && e.Kind != trace.KindHandoff:
		case e.Msg != "" && msgs[e.Msg] && (e.Kind == trace.KindDefer || e.Kind == trace.KindBounce || e.Kind == trace.KindExpire || e.Kind == trace.KindHandoff):
		default:
			continue
		}
		if waiting && !later && i > q.Event {
			later = true
			out = append(out, ConsoleLine{Kind: "waiting", Text: T(p.Lang, "console.server.waiting", p.requestText(q)), Index: q.Event})
		}
		lines := p.logLines(i, e, "server")
		for j := range lines {
			lines[j].Later = later
		}
		out = append(out, lines...)
		if later && (e.Kind == trace.KindDefer || e.Kind == trace.KindBounce || e.Kind == trace.KindExpire) {
			return out
		}
	}
	if waiting && !later {
		out = append(out, ConsoleLine{Kind: "waiting", Text: T(p.Lang, "console.server.waiting", p.requestText(q)), Index: q.Event})
	}
	return out
}

func (p *Page) requestText(q world.ManualRequest) string {
	if q.What == "" {
		return T(p.Lang, "console.server.greeting", q.Client)
	}
	return q.What
}

// ServerSuggest is "show me" for the server: a fitting positive reply to what the
// client waits for, as a real server words it ("" when no client waits).
func (p *Page) ServerSuggest() string {
	q, ok := p.serverWaiting()
	if !ok {
		return ""
	}
	r, _ := serverReplyFor(p.ServerHost(), q.What)
	return r
}

// serverReplyFor is a positive reply to a request and how long a client waits for it
// (RFC 5321 §4.5.3.2).
func serverReplyFor(host, what string) (string, time.Duration) {
	verb, _, _ := strings.Cut(what, " ")
	key, args, wait := smtp.ReasonCmdUnknown, []any(nil), smtp.MailTimeout
	switch verb = strings.ToUpper(verb); {
	case what == "":
		key, args, wait = smtp.ReasonGreeting, []any{host}, smtp.GreetingTimeout
	case strings.HasPrefix(what, "("):
		key, args, wait = smtp.ReasonQueued, []any{"1"}, smtp.DataTerminationTimeout
	case verb == "EHLO" || verb == "HELO":
		key, args = smtp.ReasonHeloOK, []any{host}
	case verb == "MAIL":
		key = smtp.ReasonMailOK
	case verb == "RCPT":
		key, wait = smtp.ReasonRcptOK, smtp.RcptTimeout
	case verb == "DATA":
		key, wait = smtp.ReasonDataStart, smtp.DataInitiationTimeout
	case verb == "QUIT":
		key = smtp.ReasonQuitOK
	case verb == "RSET" || verb == "NOOP":
		key = smtp.ReasonNoopOK
	}
	return key.Reply(args...).String(), wait
}

// ServerHint is the line under "be the server": what the waiting client needs, with
// an example reply and how long it will wait; or why nobody waits.
func (p *Page) ServerHint() string {
	host := p.ServerHost()
	if host == "" {
		return T(p.Lang, "console.server.intro")
	}
	if q, ok := p.serverWaiting(); ok {
		reply, wait := serverReplyFor(host, q.What)
		return T(p.Lang, "console.server.wait", p.requestText(q), reply, p.words().Duration(wait.Milliseconds()))
	}
	if p.console.manualRun == nil || len(p.console.manualRun.Requests) == 0 {
		return T(p.Lang, "console.server.none", host)
	}
	return T(p.Lang, "console.server.over")
}
