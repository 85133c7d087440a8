package view

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"
	"time"

	"smtpsim/lessons"
	"smtpsim/sim/fault"
	"smtpsim/sim/scenario"
	"smtpsim/sim/world"
)

// A session is everything a learner did on the page, so that a file can bring it
// back whole: the link's state (lesson, step, model, faults, language, answers) and
// what does not fit a link — messages composed, mail retrieved, console lines typed,
// replies typed as the server, and the learner's own lesson or scenario files. All of
// it is input of the run; replaying it gives the same trace, byte for byte.

// SessionKind marks a session file, so that the page tells it apart from any other JSON.
const SessionKind = "smtpsim-session"

// SessionVersion is the version of the session file this page writes and reads.
const SessionVersion = 1

// SessionFileBytes is the largest session file the page reads: own files are at
// most budget.FileBytes each, attachments are carried in base64.
const SessionFileBytes = 16 << 20

// Session is the content of a session file (JSON).
type Session struct {
	Kind    string            `json:"kind"`    // SessionKind
	Version int               `json:"version"` // SessionVersion
	Lesson  string            `json:"lesson,omitempty"`
	World   string            `json:"world,omitempty"` // a built-in sandbox world, as world= in a link
	Step    int               `json:"step"`
	Model   string            `json:"model,omitempty"`
	Faults  []string          `json:"faults,omitempty"` // in the fault syntax, with the step each acts from
	Lang    string            `json:"lang,omitempty"`
	Demo    bool              `json:"demo,omitempty"`
	Answers map[string]string `json:"answers,omitempty"` // checkpoint id → the option chosen first
	// Messages are the messages composed on the page, in the order sent.
	Messages []SessionMessage `json:"messages,omitempty"`
	// Retrievals are the logins to pick up mail, in the order made.
	Retrievals []SessionRetrieval `json:"retrievals,omitempty"`
	// Console is the console connections, each with the lines typed into it.
	Console []SessionConsole `json:"console,omitempty"`
	// Server is the SMTP server the learner played, with the replies typed.
	Server *SessionServer `json:"server,omitempty"`
	// Inspect is the machine the inspector showed.
	Inspect string `json:"inspect,omitempty"`
	// Own is the learner's own lesson or scenario, file name → content (base64 in JSON).
	Own map[string][]byte `json:"own,omitempty"`
	// OwnName is the own file the page ran: a scenario file, or lesson.yaml.
	OwnName string `json:"own_name,omitempty"`
}

// SessionMessage is a message composed on the page.
type SessionMessage struct {
	At      string   `json:"at"` // virtual time, as Go writes a duration: "1m5s"
	ID      string   `json:"id"`
	From    string   `json:"from"`
	To      []string `json:"to,omitempty"`
	Cc      []string `json:"cc,omitempty"`
	Bcc     []string `json:"bcc,omitempty"`
	Subject string   `json:"subject,omitempty"`
	Body    string   `json:"body,omitempty"`
	Files   []File   `json:"files,omitempty"`
}

// SessionRetrieval is a login to pick up mail with POP3 or IMAP.
type SessionRetrieval struct {
	At       string `json:"at"`
	User     string `json:"user"`
	Protocol string `json:"protocol"`
	Password string `json:"password"`
}

// SessionConsole is one console connection and the lines typed into it.
type SessionConsole struct {
	At    string   `json:"at"`
	Host  string   `json:"host"`
	Port  int      `json:"port"`
	Lines []string `json:"lines,omitempty"`
}

// SessionServer is the SMTP server the learner played and the replies typed.
type SessionServer struct {
	Host    string   `json:"host"`
	Replies []string `json:"replies,omitempty"`
}

// learnerInput is what the learner added to the run besides faults and the console:
// messages composed and mail retrieved, in order.
type learnerInput struct {
	messages []scenario.Message
	fetches  []scenario.Fetch
}

// Session is everything needed to bring the page back as it is.
func (p *Page) Session() Session {
	s := Session{Kind: SessionKind, Version: SessionVersion, Lesson: p.State.Lesson, World: p.State.World, Step: p.Step, Model: string(p.Model),
		Lang: p.Lang, Demo: p.Demo, Answers: maps.Clone(p.Answers), Own: maps.Clone(p.own), OwnName: p.Own}
	if len(s.Answers) == 0 {
		s.Answers = nil
	}
	for _, f := range p.Faults {
		s.Faults = append(s.Faults, f.String())
	}
	for _, m := range p.input.messages {
		sm := SessionMessage{At: m.At.String(), ID: m.ID, From: m.From, To: m.To, Cc: m.Cc, Bcc: m.Bcc, Subject: m.Subject, Body: m.Body}
		for _, a := range m.Attachments {
			sm.Files = append(sm.Files, File{Name: a.Name, Type: a.Type, Data: a.Data})
		}
		s.Messages = append(s.Messages, sm)
	}
	for _, f := range p.input.fetches {
		s.Retrievals = append(s.Retrievals, SessionRetrieval{At: f.At.String(), User: f.User, Protocol: f.Protocol, Password: f.Password})
	}
	for _, c := range p.console.sessions {
		s.Console = append(s.Console, SessionConsole{At: c.At.String(), Host: c.Host, Port: c.Port, Lines: c.Lines})
	}
	if m := p.console.manual; m != nil {
		s.Server = &SessionServer{Host: m.Host, Replies: m.Replies}
	}
	return s
}

// State is the part of the session a link carries.
func (s Session) State() (State, []string) {
	st := State{Lesson: s.Lesson, World: s.World, Step: s.Step, Model: scenario.Model(s.Model), Lang: s.Lang, Demo: s.Demo,
		Answers: maps.Clone(s.Answers), Own: s.OwnName}
	lang := s.lang()
	var problems []string
	switch st.Model {
	case "", scenario.EndToEnd, scenario.StoreAndForward:
	default:
		problems = append(problems, T(lang, "link.model", st.Model))
		st.Model = ""
	}
	if !slices.Contains(lessons.Languages, st.Lang) {
		st.Lang = ""
	}
	st.Step = max(st.Step, -1)
	for _, spec := range s.Faults {
		f, err := fault.Parse(spec)
		if err != nil {
			problems = append(problems, T(lang, "link.fault", spec, Say(lang, err)))
			continue
		}
		st.Faults = append(st.Faults, f)
	}
	return st, problems
}

func (s Session) lang() string {
	if slices.Contains(lessons.Languages, s.Lang) {
		return s.Lang
	}
	return "en"
}

// Encode writes the session as its file: indented JSON, the same bytes for the same session.
func (s Session) Encode() []byte {
	data, err := json.MarshalIndent(s, "", "  ")
	if err != nil {
		panic(err) // only strings, numbers, maps and byte slices: cannot fail
	}
	return append(data, '\n')
}

// FileName is a name for the session's file: the lesson or own file, and the step.
func (s Session) FileName() string {
	name := s.Lesson
	if name == "" {
		name = s.World
	}
	if name == "" {
		name = strings.TrimSuffix(strings.TrimSuffix(s.OwnName, ".yaml"), ".yml")
	}
	clean := strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_' {
			return r
		}
		return '-'
	}, name)
	if clean == "" {
		clean = "sandbox"
	}
	return fmt.Sprintf("smtpsim-session-%s-step%d.json", clean, s.Step+1)
}

// IsSessionFile says whether a file by this name is offered as a session file (the
// page reads other files as lessons or scenarios).
func IsSessionFile(name string) bool { return strings.HasSuffix(strings.ToLower(name), ".json") }

// DecodeSession reads a session file. The error says, in lang, what is wrong: not
// JSON (and where), a value of the wrong type (and which), not a session file, or a
// version this page does not know.
func DecodeSession(name string, data []byte, lang string) (Session, error) {
	var s Session
	if len(data) > SessionFileBytes {
		return s, errors.New(T(lang, "session.bad.size", name, len(data), SessionFileBytes))
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(&s); err != nil {
		var syn *json.SyntaxError
		var typ *json.UnmarshalTypeError
		var b64 base64.CorruptInputError
		switch {
		case errors.As(err, &syn):
			return Session{}, errors.New(T(lang, "session.bad.json", name, syn.Offset))
		case errors.As(err, &typ):
			return Session{}, errors.New(T(lang, "session.bad.type", name, typ.Field, typ.Value))
		case errors.As(err, &b64):
			return Session{}, errors.New(T(lang, "session.bad.base64", name, int64(b64)))
		case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
			return Session{}, errors.New(T(lang, "session.bad.end", name))
		default:
			return Session{}, errors.New(T(lang, "session.bad.json", name, dec.InputOffset()))
		}
	}
	if dec.More() {
		return Session{}, errors.New(T(lang, "session.bad.more", name, dec.InputOffset()))
	}
	if s.Kind != SessionKind {
		return Session{}, errors.New(T(lang, "session.bad.kind", name, SessionKind))
	}
	if s.Version != SessionVersion {
		return Session{}, errors.New(T(lang, "session.bad.version", name, s.Version, SessionVersion))
	}
	return s, nil
}

// OpenSession brings a session back: it opens its lesson, built-in scenario or own
// files, replays what the learner added, and goes to its step. The problems name
// every part that could not be restored (the rest is restored all the same); a nil
// page means the session's lesson or own files could not be opened.
// compile compiles the own files a session carries.
func OpenSession(s Session, compile Compiler) (*Page, []string) {
	state, problems := s.State()
	lang := s.lang()
	state.Lang = lang
	var p *Page
	if len(s.Own) > 0 {
		var more []string
		p, more = LoadOwn(s.Own, lang, compile)
		if p == nil {
			return nil, append(problems, more...)
		}
		if state.Own != "" && state.Own != p.Own {
			problems = append(problems, T(lang, "session.bad.own", state.Own, p.Own))
		}
		state.Own = p.Own
	} else {
		if state.Own != "" {
			return nil, append(problems, T(lang, "session.no-own", state.Own))
		}
		var more []string
		p, more = Open(State{Lesson: state.Lesson, World: state.World, Step: -1, Lang: lang})
		problems = append(problems, more...)
		if p == nil || p.Trace == nil {
			return nil, problems
		}
	}
	if state.Model != "" {
		p.Model, p.Scenario.Model = state.Model, state.Model
	}
	problems = append(problems, p.replayInput(s)...)
	return p, append(problems, p.Apply(state)...)
}

// replayInput puts the session's messages, retrievals, console lines and server
// replies into the page's world, each checked as the page checks it when typed; the
// next run replays them.
func (p *Page) replayInput(s Session) []string {
	lang := p.Lang
	var problems []string
	bad := func(what string, err error) {
		problems = append(problems, T(lang, "session.bad.part", what, Say(lang, err)))
	}
	at := func(what, v string) (time.Duration, bool) {
		d, err := time.ParseDuration(v)
		if err != nil || d < 0 {
			bad(what, problem("session.bad.at", v))
			return 0, false
		}
		return d, true
	}
	for i, m := range s.Messages {
		what := T(lang, "session.part.message", i+1)
		t, ok := at(what, m.At)
		if !ok {
			continue
		}
		msg := scenario.Message{ID: m.ID, At: t, From: m.From, To: m.To, Cc: m.Cc, Bcc: m.Bcc, Subject: m.Subject, Body: m.Body}
		if msg.ID == "" || slices.ContainsFunc(p.Scenario.Messages, func(o scenario.Message) bool { return o.ID == msg.ID }) {
			msg.ID = fmt.Sprintf("m%d", len(p.Scenario.Messages)+1)
		}
		msg.Attachments = attachments(m.Files)
		if err := p.checkMessage(msg); err != nil {
			bad(what, err)
			continue
		}
		p.Scenario.Messages = append(slices.Clone(p.Scenario.Messages), msg)
		p.input.messages = append(p.input.messages, msg)
	}
	for i, r := range s.Retrievals {
		what := T(lang, "session.part.retrieval", i+1)
		t, ok := at(what, r.At)
		if !ok {
			continue
		}
		if err := p.checkRetrieval(r.User, r.Protocol, r.Password); err != nil {
			bad(what, err)
			continue
		}
		f := scenario.Fetch{At: t, User: r.User, Protocol: r.Protocol, Password: r.Password}
		p.Scenario.Fetches = append(slices.Clone(p.Scenario.Fetches), f)
		p.input.fetches = append(p.input.fetches, f)
	}
	for i, c := range s.Console {
		what := T(lang, "session.part.console", i+1)
		t, ok := at(what, c.At)
		if !ok {
			continue
		}
		host, err := p.checkTarget(c.Host, c.Port)
		if err == nil && slices.ContainsFunc(c.Lines, func(l string) bool { return strings.ContainsAny(l, "\r\n") }) {
			err = errors.New(T(lang, "console.error.line"))
		}
		if err != nil {
			bad(what, err)
			continue
		}
		p.console.sessions = append(p.console.sessions, world.Console{At: t, Host: host, Port: c.Port, Lines: slices.Clone(c.Lines)})
	}
	if sv := s.Server; sv != nil {
		what := T(lang, "session.part.server")
		i := slices.IndexFunc(p.ServerHosts(), func(h string) bool { return strings.EqualFold(h, sv.Host) })
		switch {
		case i < 0:
			bad(what, errors.New(T(lang, "console.error.target", sv.Host, 25)))
		case slices.ContainsFunc(sv.Replies, func(l string) bool { return !isReplyLine(l) }):
			bad(what, errors.New(T(lang, "console.server.bad")))
		default:
			p.console.manual = &world.ManualServer{Host: p.ServerHosts()[i], Replies: slices.Clone(sv.Replies)}
		}
	}
	return problems
}
