package smtp

import (
	"bytes"
	"encoding/base64"
	"strconv"
	"strings"
)

// Server is an SMTP server engine (RFC 5321) with no I/O: the caller feeds it the
// octets a client sent and writes the replies it returns. It holds no rules of its
// own beyond the protocol; every decision goes to the Policy. Not safe for concurrent
// use: one Server serves one connection.
type Server struct {
	cfg    Config
	policy Policy
	sess   Session

	in      []byte // received octets not yet consumed
	discard bool   // skipping the rest of an over-long line
	mode    serverMode
	data    *dataReader
	auth    authExchange
	refused bool // greeted with 554: only QUIT is accepted
	done    bool
	queued  int
}

type serverMode uint8

const (
	modeCommand serverMode = iota
	modeData
	modeAuth
)

// authExchange is the state of a SASL exchange after a 334 challenge.
type authExchange struct {
	mechanism string
	user      string // LOGIN: the user name, once received
}

// NewServer returns an engine for one connection. Call Greeting first.
func NewServer(cfg Config, policy Policy, remoteAddr string) *Server {
	if cfg.Hostname == "" {
		cfg.Hostname = "localhost"
	}
	return &Server{cfg: cfg, policy: policy, sess: Session{RemoteAddr: remoteAddr}}
}

// Session returns the state a policy sees.
func (s *Server) Session() *Session { return &s.sess }

// Done reports that the connection must be closed once the replies are written.
func (s *Server) Done() bool { return s.done }

// Greeting returns the opening reply: 220, or what the policy says instead.
func (s *Server) Greeting() Reply {
	if r := s.policy.Connect(&s.sess); r != nil {
		switch r.Code {
		case 421:
			s.done = true
		case 554:
			// RFC 5321 §3.1: after a 554 greeting the server must wait for QUIT.
			s.refused = true
		}
		return *r
	}
	return ReplyFor("conn.greeting", s.cfg.Hostname)
}

// Timeout returns the reply for a client that stayed silent too long (RFC 5321
// §4.5.3.2) and ends the session.
func (s *Server) Timeout() Reply {
	s.done = true
	return ReplyFor("conn.timeout", s.cfg.Hostname)
}

// Feed takes octets from the client, in any chunking, and returns the replies to every
// complete command in order. Pipelined commands are all answered; nothing is dropped
// except plaintext that follows STARTTLS (RFC 3207 §4.2) or anything after the session ended.
func (s *Server) Feed(p []byte) []Reply {
	if s.done {
		return nil
	}
	s.in = append(s.in, p...)
	var out []Reply
	for !s.done {
		if s.mode == modeData {
			used, finished := s.data.feed(s.in)
			s.in = s.in[used:]
			if !finished {
				break
			}
			out = append(out, s.endData())
			continue
		}
		line, overlong, ok := s.nextLine()
		if !ok {
			break
		}
		out = append(out, s.handleLine(line, overlong))
	}
	if s.done {
		s.in = nil
	} else if len(s.in) == 0 {
		// Keep a small buffer for the next read; let a large one go.
		if cap(s.in) > 64<<10 {
			s.in = nil
		} else {
			s.in = s.in[:0]
		}
	}
	return out
}

// nextLine returns the next command line without its ending. Commands end with CRLF;
// a bare LF is accepted too (as Postfix does) because a command line cannot smuggle
// message data. A line longer than MaxAuthLine is reported as overlong and the rest of
// it is skipped without being buffered, so one client cannot exhaust memory.
func (s *Server) nextLine() (line string, overlong, ok bool) {
	i := bytes.IndexByte(s.in, '\n')
	if i < 0 {
		if len(s.in) > MaxAuthLine {
			s.in = s.in[:0]
			s.discard = true
		}
		return "", false, false
	}
	raw := s.in[:i]
	s.in = s.in[i+1:]
	if s.discard {
		s.discard = false
		return "", true, true
	}
	return string(bytes.TrimSuffix(raw, []byte{'\r'})), false, true
}

func (s *Server) handleLine(line string, overlong bool) Reply {
	if s.mode == modeAuth {
		if overlong {
			s.mode = modeCommand
			return ReplyFor("auth.line-too-long")
		}
		return s.authResponse(line)
	}
	// AUTH lines may carry a long initial response (RFC 4954 §4); others are held to 512.
	if overlong || len(line)+2 > MaxCommandLine && !isAuthLine(line) {
		return ReplyFor("cmd.line-too-long")
	}
	if !printable(line) {
		return ReplyFor("cmd.bad-characters")
	}
	cmd := ParseCommand(line)
	if s.refused {
		if cmd.Verb == "QUIT" {
			s.done = true
			return ReplyFor("quit.ok")
		}
		return ReplyFor("conn.rejected-wait")
	}
	if r := s.policy.Command(&s.sess, cmd); r != nil {
		if r.Code == 421 {
			s.done = true
		}
		return *r
	}
	return s.command(cmd)
}

func isAuthLine(line string) bool {
	return len(line) >= 5 && strings.EqualFold(line[:5], "AUTH ")
}

func (s *Server) command(cmd Command) Reply {
	switch cmd.Verb {
	case "EHLO", "HELO":
		return s.hello(cmd)
	case "MAIL":
		return s.mail(cmd.Arg)
	case "RCPT":
		return s.rcpt(cmd.Arg)
	case "DATA":
		return s.dataCommand(cmd.Arg)
	case "RSET":
		if cmd.Arg != "" {
			return ReplyFor("cmd.no-argument", "RSET")
		}
		s.reset()
		return ReplyFor("rset.ok")
	case "NOOP":
		// RFC 5321 §4.1.1.9: a NOOP argument is allowed and ignored.
		return ReplyFor("noop.ok")
	case "QUIT":
		if cmd.Arg != "" {
			return ReplyFor("cmd.no-argument", "QUIT")
		}
		s.done = true
		return ReplyFor("quit.ok")
	case "VRFY":
		if strings.TrimSpace(cmd.Arg) == "" {
			return ReplyFor("vrfy.syntax")
		}
		// RFC 5321 §7.3: answering 252 tells a harvester nothing.
		return ReplyFor("vrfy.cannot-verify")
	case "HELP":
		return ReplyFor("help.ok")
	case "AUTH":
		return s.authCommand(cmd.Arg)
	case "STARTTLS":
		return s.startTLS(cmd.Arg)
	case "EXPN", "TURN", "ETRN", "BDAT", "SEND", "SOML", "SAML":
		return ReplyFor("cmd.not-implemented")
	}
	return ReplyFor("cmd.unknown")
}

// reset clears the mail transaction (RSET, a new EHLO, the end of DATA).
func (s *Server) reset() {
	s.sess.From = nil
	s.sess.MailParams = nil
	s.sess.Rcpts = nil
	s.sess.RcptParams = nil
	s.sess.Attempts = 0
}

func (s *Server) hello(cmd Command) Reply {
	domain := strings.TrimSpace(cmd.Arg)
	// Address literals and bare names are accepted: RFC 5321 §4.1.4 forbids refusing
	// a message because the EHLO name does not match.
	if domain == "" || strings.ContainsAny(domain, " \t") {
		if cmd.Verb == "EHLO" {
			return ReplyFor("ehlo.syntax")
		}
		return ReplyFor("helo.syntax")
	}
	s.reset() // RFC 5321 §4.1.4: a second EHLO acts like RSET.
	s.sess.Helo = domain
	s.sess.ESMTP = cmd.Verb == "EHLO"
	if cmd.Verb == "HELO" {
		return ReplyFor("helo.ok", s.cfg.Hostname)
	}
	r := ReplyFor("ehlo.ok", s.cfg.Hostname+" greets "+domain)
	r.Lines = append(r.Lines, s.extensions()...)
	return r
}

// extensions lists the EHLO keywords this session may use.
func (s *Server) extensions() []string {
	ext := []string{"PIPELINING", "SIZE " + strconv.Itoa(s.cfg.maxSize())}
	if s.cfg.StartTLS && !s.sess.Secure {
		ext = append(ext, "STARTTLS")
	}
	if s.cfg.Auth && (s.sess.Secure || !s.cfg.AuthRequiresTLS) {
		ext = append(ext, "AUTH PLAIN LOGIN")
	}
	ext = append(ext, "ENHANCEDSTATUSCODES", "8BITMIME")
	if !s.cfg.NoDSN {
		ext = append(ext, "DSN")
	}
	return ext
}

func (s *Server) mail(arg string) Reply {
	switch {
	case s.sess.Helo == "":
		return ReplyFor("mail.need-helo")
	case s.sess.From != nil:
		return ReplyFor("mail.nested")
	case s.cfg.RequireTLS && !s.sess.Secure:
		return ReplyFor("tls.required")
	case s.cfg.RequireAuth && s.sess.User == "":
		return ReplyFor("auth.required")
	}
	rawPath, words, ok := parseMailArg(arg, "FROM:")
	if !ok {
		return ReplyFor("mail.syntax")
	}
	from, err := ParsePath(rawPath)
	if err == errPathTooLong {
		return ReplyFor("mail.path-too-long")
	}
	if err != nil || (from.Domain == "" && !from.IsNull()) {
		return ReplyFor("mail.bad-address")
	}
	params, bad, ok := parseParams(words)
	if !ok {
		return ReplyFor("mail.param-syntax", bad)
	}
	for _, p := range params {
		if r := s.checkMailParam(p); r != nil {
			return *r
		}
	}
	if r := s.policy.Mail(&s.sess, from, params); r != nil {
		return *r
	}
	s.sess.From = &from
	s.sess.MailParams = params
	return ReplyFor("mail.ok")
}

// checkMailParam validates the MAIL parameters of the extensions offered in EHLO.
func (s *Server) checkMailParam(p Param) *Reply {
	reply := func(key string, args ...any) *Reply { r := ReplyFor(key, args...); return &r }
	if s.cfg.NoDSN && isDSNParam(p.Key) {
		// The parameter of an extension this server did not offer is unknown here.
		return reply("mail.param-unknown", p.Key)
	}
	switch p.Key {
	case "SIZE":
		n, err := strconv.ParseUint(p.Value, 10, 63)
		if err != nil || p.Value == "" || len(p.Value) > 20 {
			return reply("mail.size-syntax")
		}
		if n > uint64(s.cfg.maxSize()) {
			return reply("mail.size-exceeded")
		}
	case "BODY":
		if v := strings.ToUpper(p.Value); v != "7BIT" && v != "8BITMIME" {
			return reply("mail.body-syntax")
		}
	case "RET":
		if v := strings.ToUpper(p.Value); v != "FULL" && v != "HDRS" {
			return reply("mail.param-syntax", p.Key)
		}
	case "ENVID":
		if p.Value == "" || len(p.Value) > 100 {
			return reply("mail.param-syntax", p.Key)
		}
	case "AUTH":
		// RFC 4954 §5: accepted and not trusted; no further meaning here.
		if p.Value == "" {
			return reply("mail.param-syntax", p.Key)
		}
	default:
		return reply("mail.param-unknown", p.Key)
	}
	return nil
}

func (s *Server) rcpt(arg string) Reply {
	if s.sess.From == nil {
		return ReplyFor("rcpt.need-mail")
	}
	rawPath, words, ok := parseMailArg(arg, "TO:")
	if !ok {
		return ReplyFor("rcpt.syntax")
	}
	s.sess.Attempts++
	to, err := ParsePath(rawPath)
	if err == errPathTooLong {
		return ReplyFor("rcpt.path-too-long")
	}
	if err != nil || to.IsNull() {
		return ReplyFor("rcpt.bad-address")
	}
	params, bad, ok := parseParams(words)
	if !ok {
		return ReplyFor("rcpt.param-syntax", bad)
	}
	for _, p := range params {
		if s.cfg.NoDSN && isDSNParam(p.Key) {
			return ReplyFor("rcpt.param-unknown", p.Key)
		}
		switch p.Key {
		case "NOTIFY":
			if !validNotify(p.Value) {
				return ReplyFor("rcpt.param-syntax", p.Key)
			}
		case "ORCPT":
			if !strings.Contains(p.Value, ";") {
				return ReplyFor("rcpt.param-syntax", p.Key)
			}
		default:
			return ReplyFor("rcpt.param-unknown", p.Key)
		}
	}
	if len(s.sess.Rcpts) >= s.cfg.maxRecipients() {
		return ReplyFor("rcpt.too-many")
	}
	if r := s.policy.Rcpt(&s.sess, to, params); r != nil {
		return *r
	}
	s.sess.Rcpts = append(s.sess.Rcpts, to)
	s.sess.RcptParams = append(s.sess.RcptParams, params)
	return ReplyFor("rcpt.ok")
}

// isDSNParam reports whether key (upper case) is a MAIL or RCPT parameter of the DSN
// extension (RFC 3461 §4).
func isDSNParam(key string) bool {
	switch key {
	case "RET", "ENVID", "NOTIFY", "ORCPT":
		return true
	}
	return false
}

// validNotify accepts NEVER alone or a list of SUCCESS, FAILURE, DELAY (RFC 3461 §4.1).
func validNotify(v string) bool {
	items := strings.Split(strings.ToUpper(v), ",")
	if len(items) == 1 && items[0] == "NEVER" {
		return true
	}
	for _, it := range items {
		if it != "SUCCESS" && it != "FAILURE" && it != "DELAY" {
			return false
		}
	}
	return true
}

func (s *Server) dataCommand(arg string) Reply {
	switch {
	case arg != "":
		return ReplyFor("cmd.no-argument", "DATA")
	case s.sess.From == nil || len(s.sess.Rcpts) == 0 && s.sess.Attempts == 0:
		return ReplyFor("data.need-rcpt")
	case len(s.sess.Rcpts) == 0:
		// RFC 5321 §3.3: every RCPT was refused.
		return ReplyFor("data.no-valid-rcpt")
	}
	if r := s.policy.Data(&s.sess); r != nil {
		return *r
	}
	s.mode = modeData
	s.data = newDataReader(s.cfg.maxSize(), declaredSize(s.sess.MailParams))
	return ReplyFor("data.start")
}

// declaredSize is the SIZE= of MAIL, a hint for the data buffer (0 if absent).
func declaredSize(params []Param) int {
	for _, p := range params {
		if p.Key == "SIZE" {
			n, _ := strconv.Atoi(p.Value)
			return n
		}
	}
	return 0
}

func (s *Server) endData() Reply {
	d := s.data
	s.data = nil
	s.mode = modeCommand
	defer s.reset()
	switch {
	case d.tooBig:
		return ReplyFor("data.too-big")
	case d.lineTooLong:
		return ReplyFor("data.line-too-long")
	}
	env := Envelope{
		From:       *s.sess.From,
		MailParams: s.sess.MailParams,
		To:         s.sess.Rcpts,
		RcptParams: s.sess.RcptParams,
		Data:       d.buf,
	}
	r := s.policy.Deliver(&s.sess, env)
	if r == nil {
		s.queued++
		id := strconv.Itoa(s.queued)
		if s.cfg.NextID != nil {
			id = s.cfg.NextID()
		}
		queued := ReplyFor(ReasonQueued, id)
		r = &queued
	}
	if r.Class() == 2 {
		s.sess.Messages++
	}
	return *r
}

func (s *Server) startTLS(arg string) Reply {
	switch {
	case arg != "":
		return ReplyFor("tls.syntax")
	case s.sess.Secure:
		return ReplyFor("tls.already")
	case !s.cfg.StartTLS:
		return ReplyFor("cmd.not-implemented")
	}
	// RFC 3207 §4.2: forget everything learned before TLS and any plaintext the client
	// pipelined after STARTTLS; the client must say EHLO again.
	s.in = nil
	s.reset()
	s.sess.Helo = ""
	s.sess.ESMTP = false
	s.sess.Secure = true
	return ReplyFor(ReasonTLSReady)
}

func (s *Server) authCommand(arg string) Reply {
	switch {
	case !s.cfg.Auth:
		return ReplyFor("auth.not-enabled")
	case s.sess.Helo == "":
		return ReplyFor("auth.before-helo")
	case s.sess.User != "":
		return ReplyFor("auth.already")
	case s.sess.From != nil:
		return ReplyFor("auth.in-transaction")
	case s.cfg.AuthRequiresTLS && !s.sess.Secure:
		return ReplyFor("auth.encryption-req")
	}
	mech, initial, _ := strings.Cut(strings.TrimSpace(arg), " ")
	if mech == "" {
		return ReplyFor("auth.syntax")
	}
	if len(arg)+7 > MaxAuthLine {
		return ReplyFor("auth.line-too-long")
	}
	mech = strings.ToUpper(mech)
	switch mech {
	case "PLAIN", "LOGIN":
	default:
		return ReplyFor("auth.bad-mechanism")
	}
	s.auth = authExchange{mechanism: mech}
	if initial == "" {
		s.mode = modeAuth
		if mech == "LOGIN" {
			return ReplyFor("auth.challenge", base64.StdEncoding.EncodeToString([]byte("Username:")))
		}
		return Reply{Code: 334, Lines: []string{""}, Reason: "auth.challenge"}
	}
	s.mode = modeAuth
	return s.authResponse(initial)
}

// authResponse handles one client line of a SASL exchange (RFC 4954 §4).
func (s *Server) authResponse(line string) Reply {
	if line == "*" {
		s.mode = modeCommand
		return ReplyFor("auth.cancelled")
	}
	var decoded []byte
	if line != "=" { // "=" is an empty initial response (RFC 4954 §4)
		var err error
		decoded, err = base64.StdEncoding.DecodeString(line)
		if err != nil {
			s.mode = modeCommand
			return ReplyFor("auth.bad-encoding")
		}
	}
	switch s.auth.mechanism {
	case "PLAIN":
		s.mode = modeCommand
		// RFC 4616 §2: authzid NUL authcid NUL passwd.
		parts := strings.Split(string(decoded), "\x00")
		if len(parts) != 3 || parts[1] == "" {
			return ReplyFor("auth.failed")
		}
		return s.checkCredentials(parts[0], parts[1], parts[2])
	default: // LOGIN
		if s.auth.user == "" {
			if len(decoded) == 0 {
				s.mode = modeCommand
				return ReplyFor("auth.failed")
			}
			s.auth.user = string(decoded)
			return ReplyFor("auth.challenge", base64.StdEncoding.EncodeToString([]byte("Password:")))
		}
		s.mode = modeCommand
		return s.checkCredentials("", s.auth.user, string(decoded))
	}
}

func (s *Server) checkCredentials(identity, user, password string) Reply {
	s.auth = authExchange{}
	if !s.policy.Authenticate(&s.sess, identity, user, password) {
		return ReplyFor("auth.failed")
	}
	s.sess.User = user
	return ReplyFor("auth.ok")
}
