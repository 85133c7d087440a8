package world

import (
	"bytes"
	"fmt"
	"strconv"

	"smtpsim/sim/fault"
	"smtpsim/sim/mail"
	"smtpsim/sim/scenario"
	"smtpsim/sim/smtp"
	"smtpsim/sim/trace"
)

// mua is a user's mail program on the user's own machine.
type mua struct {
	w    *World
	user scenario.User
	name string // actor name in the trace
	ip   string
	helo string // the name it gives in EHLO: its address literal
}

func newMUA(w *World, u scenario.User, i int) *mua {
	ip := fmt.Sprintf("198.18.%d.%d", 1+i/250, 10+i%250)
	return &mua{w: w, user: u, name: "MUA " + u.Address, ip: ip, helo: "[" + ip + "]"}
}

// submit composes a message and submits it to the user's MSA on port 587 with AUTH
// (RFC 6409): today's clients do not send to port 25.
func (m *mua) submit(msg scenario.Message) {
	w := m.w
	rcpts, data, err, ok := w.compose(msg)
	if !ok {
		return
	}
	w.emit(&trace.Event{Kind: trace.KindSubmit, Actor: m.name, Msg: msg.ID, Octets: len(data), From: msg.From, Subject: msg.Subject, Rcpts: rcpts,
		Text: joined(msg.From+" writes "+strconv.Quote(msg.Subject)+" to ", rcpts, "")})
	for _, r := range rcpts {
		w.fates.expect(msg.ID, r)
	}
	if err != nil {
		m.reject(msg.ID, rcpts, reasonMUABadMessage.reply(err.Error()))
		return
	}
	msa, ok := w.sc.HostFor(scenario.RoleMSA, scenario.Domain(msg.From))
	if !ok {
		m.reject(msg.ID, rcpts, reasonMUANoMSA.reply(scenario.Domain(msg.From)))
		return
	}
	server := w.byName[lower(msa.Name)]
	password := m.user.Password
	if f := w.fault(fault.WrongPassword, m.user.Address, nil); f != nil {
		password = "not-" + password
		w.faultEvent(f, m.name, m.user.Address+" types a wrong password")
	}
	username := m.user.LoginName()
	if f := w.fault(fault.NoAuth, m.user.Address, nil); f != nil {
		username = ""
		w.faultEvent(f, m.name, m.user.Address+"'s mail program is set up without a login")
	}
	// A mail program has no queue: the recipients the MSA had no room for (452, RFC 5321
	// §4.5.3.1.10) go in another transaction at once, or they would get nothing.
	cfg := smtp.ClientConfig{Hostname: m.helo, Username: username, Password: password, ResendOverLimit: true}
	port := 587
	switch m.user.TLS {
	case scenario.SubmitSTARTTLS:
		cfg.StartTLS, cfg.RequireTLS = true, true
	case scenario.SubmitImplicit:
		port = 465 // RFC 8314 §3: TLS from the first octet
	}
	cli := w.spares.client(cfg, smtp.Transaction{From: msg.From, To: rcpts, Data: data})
	c := w.dial(m.name, "", server, port, "smtp", msg.ID, cli, m.ip, func(*conn) {
		for _, res := range cli.Results()[0] {
			if res.Outcome != smtp.Accepted {
				m.reject(msg.ID, []string{res.Rcpt}, res.Reply)
			}
		}
	})
	c.spareClient, c.spare = true, true
	if port == 465 {
		c.tls = ImplicitTLS
	}
	if cfg.RequireTLS || port == 465 {
		// RFC 8314 §5.2: a mail program set up for TLS never falls back to clear text.
		c.watchTLS(hopTLS{want: true, must: true})
	}
}

// compose writes a message as a mail program does and keeps it as
// Submitted; ok is false when the run's budget refuses it. err says why the message
// could not be written (rcpts may be set even then).
func (w *World) compose(msg scenario.Message) (rcpts []string, data []byte, err error, ok bool) {
	draft := mail.Draft{From: msg.From, To: msg.To, Cc: msg.Cc, Bcc: msg.Bcc, Subject: msg.Subject, Body: msg.Body,
		Date: w.clock(), MessageID: mail.Stamp(w.clock()) + "." + msg.ID + "@" + scenario.Domain(msg.From)}
	for _, line := range msg.Headers {
		f, _ := mail.FieldLine(line)
		draft.Above = append(draft.Above, f)
	}
	// The attachments' octets are counted before they are made: a file may ask for a
	// terabyte, which the budget refuses without allocating it.
	want := len(msg.Body)
	for _, a := range msg.Attachments {
		want += max(a.Size, len(a.Data))
	}
	if !w.hold(want) {
		return nil, nil, nil, false
	}
	w.release(want)
	for _, a := range msg.Attachments {
		data := a.Data
		if data == nil {
			data = filler(a.Name, a.Size)
		}
		draft.Attachments = append(draft.Attachments, mail.Attachment{Name: a.Name, ContentType: a.Type, Data: data})
	}
	rcpts, data, err = mail.ComposeEnvelope(draft)
	if rcpts != nil {
		if !w.hold(len(data)) {
			return nil, nil, nil, false
		}
		w.submitted[msg.ID] = data
	}
	return rcpts, data, err, true
}

// reject shows the user at once that the submission failed: the message was never
// accepted, so no server owes a bounce.
func (m *mua) reject(msg string, rcpts []string, r smtp.Reply) {
	line := ""
	if r.FromServer() {
		line = serverSaid(r)
	}
	for _, rc := range rcpts {
		m.w.emit(&trace.Event{Kind: trace.KindReject, Actor: m.name, Msg: msg, Rcpt: rc, Code: r.Code, Status: r.Status, Reason: string(r.Reason), Line: line,
			Text: "the mail program shows the error: " + r.Text()})
		m.w.fates.rejected(msg, rc, r.Code, r.Status)
	}
}

// filler stands in for an attachment's content: deterministic bytes of the given size.
func filler(name string, size int) []byte {
	seed := []byte(name + ":")
	return bytes.Repeat(seed, size/len(seed)+1)[:size]
}
