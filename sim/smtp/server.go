package smtp

import (
	"bytes"
	"encoding/base64"
	"slices"
	"strconv"
	"strings"

	"smtpsim/sim/session"
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
	// dropInput discards the rest of what the client sent: STARTTLS was accepted.
	dropInput bool
	out       []Reply  // what Feed returns, reused by every call
	outRoom   [8]Reply // out's first array: room for a pipelined batch without growing
	mode      serverMode
	data      dataReader // the message after 354; its buffer serves every message of the connection
	auth      authExchange
	refused   bool // greeted with 554: only QUIT is accepted
	done      bool
	queued    int
	tx        *transaction // the room of the transaction since the last MAIL
	// spareTx is the room of the last connection's last transaction, kept by Reset for
	// the first MAIL of the next: a world of many connections would make one each.
	spareTx *transaction
	lastTx  *transaction // the room made by the last MAIL, for Reset
}

// Server keeps the contract of package session.
var _ session.Server[Reply] = (*Server)(nil)

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
	s := new(Server)
	s.start(cfg, policy, remoteAddr)
	return s
}

// Reset makes s the engine NewServer(cfg, policy, remoteAddr) returns, for another
// connection, and keeps the buffers only the engine reads: those of the octets
// received and of the message after DATA (Envelope.Data, which the policy had to copy
// anyway). Nothing of the last connection carries over. The replies Feed returned
// last belong to the engine again: send them before. So does the room of the last
// connection's last transaction, which the next connection's first MAIL fills: the
// last policy must keep no Session.From, Envelope.From, To or parameters of it (their
// strings it may keep).
func (s *Server) Reset(cfg Config, policy Policy, remoteAddr string) {
	in, buf, tx := s.in[:0], s.data.buf[:0], s.lastTx
	*s = Server{}
	s.start(cfg, policy, remoteAddr)
	s.in, s.data.buf, s.spareTx = in, buf, tx
}

// start sets up a server that is new or Reset, which holds nothing of a connection.
func (s *Server) start(cfg Config, policy Policy, remoteAddr string) {
	if cfg.Hostname == "" {
		cfg.Hostname = "localhost"
	}
	s.cfg, s.policy, s.sess = cfg, policy, Session{RemoteAddr: remoteAddr, Secure: cfg.Secure}
	s.out = s.outRoom[:0]
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
	if s.cfg.Greeting.Code != 0 {
		return s.cfg.Greeting
	}
	return ReasonGreeting.ReplyString(s.cfg.Hostname)
}

// Timeout returns the reply for a client that stayed silent too long (RFC 5321
// §4.5.3.2.7) and ends the session; nothing once the session has ended.
func (s *Server) Timeout() []Reply {
	if s.done {
		return nil
	}
	s.done = true
	return []Reply{ReasonConnTimeout.Reply(s.cfg.Hostname)}
}

// Feed takes octets from the client, in any chunking, and returns the replies to every
// complete command in order. Pipelined commands are all answered; nothing is dropped
// except plaintext that follows STARTTLS (RFC 3207 §4.2) or anything after the session ended.
// The slice is the engine's, reused by the next call: keep the replies, not the slice.
func (s *Server) Feed(p []byte) []Reply {
	if s.done {
		return nil
	}
	// Work on p itself when nothing is left over from the last call, and keep only an
	// incomplete line for the next: a busy connection then copies little.
	in := p
	if len(s.in) > 0 {
		s.in = append(s.in, p...)
		in = s.in
	}
	out := s.out[:0]
	// text is a string copy of the complete lines at the start of in, made when a
	// command line is first needed: a pipelined batch of commands becomes one string,
	// which the lines, and the paths and names kept from them, share.
	text := ""
	for !s.done {
		if s.mode == modeData {
			text = "" // the message is read as octets
			used, finished := s.data.feed(in)
			in = in[used:]
			if !finished {
				break
			}
			out = append(out, s.endData())
			continue
		}
		line, overlong, rest, ok := s.nextLine(in, &text)
		in = rest
		if !ok {
			break
		}
		out = append(out, s.handleLine(line, overlong))
		if s.dropInput {
			s.dropInput = false
			in, text = in[:0], "" // the plaintext after STARTTLS (RFC 3207 §4.2)
		}
	}
	switch {
	case s.done || len(in) == 0 && cap(s.in) > 64<<10:
		s.in = nil // let a large buffer go
	default:
		// copy, not append: in may be the tail of s.in itself.
		s.in = append(s.in[:0], in...)
	}
	s.out = out
	return out
}

// nextLine returns the next command line without its ending. Commands end with CRLF;
// a bare LF is accepted too (as Postfix does) because a command line cannot smuggle
// message data. A line longer than MaxAuthLine is reported as overlong and the rest of
// it is skipped without being buffered, so one client cannot exhaust memory.
//
// text is "" or a string copy of the start of in, as long as it holds complete lines;
// the line is cut from it (made first, up to the last line end in in, when empty)
// and it is kept in step with rest.
func (s *Server) nextLine(in []byte, text *string) (line string, overlong bool, rest []byte, ok bool) {
	i := bytes.IndexByte(in, '\n')
	if i < 0 {
		if len(in) > MaxAuthLine {
			in = in[:0]
			s.discard = true
		}
		return "", false, in, false
	}
	rest = in[i+1:]
	if s.discard {
		s.discard = false
		if *text != "" {
			*text = (*text)[i+1:]
		}
		return "", true, rest, true
	}
	if *text == "" {
		*text = commandText(in[:bytes.LastIndexByte(in, '\n')+1])
	}
	line, *text = strings.TrimSuffix((*text)[:i], "\r"), (*text)[i+1:]
	return line, false, rest, true
}

// commandText returns lines as a string. Lines that are a command without arguments,
// sent alone as a client sends QUIT after its last transaction, are the constant itself:
// one string less for nearly every connection.
func commandText(lines []byte) string {
	switch string(lines) { // compared without a copy
	case "QUIT\r\n":
		return "QUIT\r\n"
	case "DATA\r\n":
		return "DATA\r\n"
	case "RSET\r\n":
		return "RSET\r\n"
	case "STARTTLS\r\n":
		return "STARTTLS\r\n"
	}
	return string(lines)
}

func (s *Server) handleLine(line string, overlong bool) Reply {
	if s.mode == modeAuth {
		if overlong {
			s.mode = modeCommand
			return ReasonAuthLineTooLong.Reply()
		}
		return s.authResponse(line)
	}
	// AUTH lines may carry a long initial response (RFC 4954 §4); others are held to 512.
	if overlong || len(line)+2 > MaxCommandLine && !isAuthLine(line) {
		return ReasonCmdLineTooLong.Reply()
	}
	if !printable(line) && !utf8Path(line) {
		return ReasonCmdBadCharacters.Reply()
	}
	cmd := ParseCommand(line)
	if s.refused {
		if cmd.Verb == "QUIT" {
			s.done = true
			return ReasonQuitOK.Reply()
		}
		return ReasonConnRejectedWait.Reply()
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
			return ReasonCmdNoArgument.Reply("RSET")
		}
		s.reset()
		return ReasonRsetOK.Reply()
	case "NOOP":
		// RFC 5321 §4.1.1.9: a NOOP argument is allowed and ignored.
		return ReasonNoopOK.Reply()
	case "QUIT":
		if cmd.Arg != "" {
			return ReasonCmdNoArgument.Reply("QUIT")
		}
		s.done = true
		return ReasonQuitOK.Reply()
	case "VRFY":
		if strings.TrimSpace(cmd.Arg) == "" {
			return ReasonVrfySyntax.Reply()
		}
		// RFC 5321 §7.3: answering 252 tells a harvester nothing.
		return ReasonVrfyCannotVerify.Reply()
	case "HELP":
		return ReasonHelpOK.Reply()
	case "AUTH":
		return s.authCommand(cmd.Arg)
	case "STARTTLS":
		return s.startTLS(cmd.Arg)
	case "EXPN", "TURN", "ETRN", "BDAT", "SEND", "SOML", "SAML":
		return ReasonCmdNotImplemented.Reply()
	}
	return ReasonCmdUnknown.Reply()
}

// reset clears the mail transaction (RSET, a new EHLO, the end of DATA).
func (s *Server) reset() {
	s.sess.From, s.tx = nil, nil
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
			return ReasonEhloSyntax.Reply()
		}
		return ReasonHeloSyntax.Reply()
	}
	s.reset() // RFC 5321 §4.1.4: a second EHLO acts like RSET.
	s.sess.Helo = domain
	s.sess.ESMTP = cmd.Verb == "EHLO"
	if cmd.Verb == "HELO" {
		return ReasonHeloOK.Reply(s.cfg.Hostname)
	}
	key := s.helloKey(domain)
	if r, ok := s.cfg.Hellos.find(key); ok {
		return r
	}
	info := Reasons.Of(ReasonEhloOK)
	greets := s.cfg.Hostname + " greets " + domain
	if info.Text != "%s" {
		greets = info.Format(greets)
	}
	lines := append(make([]string, 0, 9), greets) // the greeting and the keywords
	// Lines without room to grow: the reply may be shared (Hellos), and an append copies.
	r := Reply{Code: info.Code, Status: info.Status, Lines: slices.Clip(s.extensions(lines)), Reason: ReasonEhloOK}
	s.cfg.Hellos.keep(key, r)
	return r
}

// HelloReplies holds EHLO replies by all they are made of: the server's name, the
// client's, and what the server offers (Config.Hellos). They are found by the client's
// name, which is a string key the map hashes fast, and then by the rest, which for
// one server is nearly always the same.
type HelloReplies struct {
	byDomain map[string][]helloReply
	n        int
}

type helloReply struct {
	key helloKey
	r   Reply
}

// helloKey is what an EHLO reply is made of, besides the reason table.
type helloKey struct {
	hostname, domain string
	size             int
	startTLS, auth   bool
	dsn              bool
}

// maxHelloReplies bounds a HelloReplies: replies after it are made each time.
const maxHelloReplies = 1024

// helloKey is the key of the EHLO reply to domain in this session, as extensions
// decides what to offer.
func (s *Server) helloKey(domain string) helloKey {
	return helloKey{hostname: s.cfg.Hostname, domain: domain, size: s.cfg.maxSize(),
		startTLS: s.cfg.StartTLS && !s.sess.Secure, auth: s.cfg.Auth && (s.sess.Secure || !s.cfg.AuthRequiresTLS), dsn: !s.cfg.NoDSN}
}

func (h *HelloReplies) find(k helloKey) (Reply, bool) {
	if h == nil {
		return Reply{}, false
	}
	for _, e := range h.byDomain[k.domain] {
		if e.key == k {
			return e.r, true
		}
	}
	return Reply{}, false
}

func (h *HelloReplies) keep(k helloKey, r Reply) {
	if h == nil || h.n >= maxHelloReplies {
		return
	}
	if h.byDomain == nil {
		h.byDomain = make(map[string][]helloReply)
	}
	h.byDomain[k.domain] = append(h.byDomain[k.domain], helloReply{k, r})
	h.n++
}

// defaultSizeKeyword is the SIZE keyword of a server with the default limit, made
// once rather than at every EHLO.
var defaultSizeKeyword = "SIZE " + strconv.Itoa(DefaultMaxSize)

// extensions appends the EHLO keywords this session may use to ext.
func (s *Server) extensions(ext []string) []string {
	size := defaultSizeKeyword
	if n := s.cfg.maxSize(); n != DefaultMaxSize {
		size = "SIZE " + strconv.Itoa(n)
	}
	ext = append(ext, "PIPELINING", size)
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
		return ReasonMailNeedHelo.Reply()
	case s.sess.From != nil:
		return ReasonMailNested.Reply()
	case s.cfg.RequireTLS && !s.sess.Secure:
		return ReasonTLSRequired.Reply()
	case s.cfg.RequireAuth && s.sess.User == "":
		return ReasonAuthRequired.Reply()
	}
	rawPath, words, ok := parseMailArg(arg, "FROM:")
	if !ok {
		return ReasonMailSyntax.Reply()
	}
	from, err := ParsePath(rawPath)
	if err == errPathTooLong {
		return ReasonMailPathTooLong.Reply()
	}
	if err == errPathNonASCII {
		return ReasonMailNonASCII.Reply()
	}
	if err != nil || (from.Domain == "" && !from.IsNull()) {
		return ReasonMailBadAddress.Reply()
	}
	tx := s.spareTx // its room holds the parameters
	if tx != nil {
		s.spareTx = nil
		*tx = transaction{}
	} else {
		tx = new(transaction)
	}
	s.lastTx = tx
	params, bad, ok := parseParams(tx.mailParams[:], words)
	if !ok {
		return ReasonMailParamSyntax.Reply(bad)
	}
	for _, p := range params {
		if r := s.checkMailParam(p); r != nil {
			return *r
		}
	}
	if r := s.policy.Mail(&s.sess, from, params); r != nil {
		return *r
	}
	tx.from = from
	s.tx = tx
	s.sess.From = &s.tx.from
	s.sess.MailParams = params
	return ReasonMailOK.Reply()
}

// transaction is the room of one mail transaction: its sender, its parameters and its
// first few recipients with theirs, made at MAIL in one allocation rather than one
// for each. Every transaction gets its own, so an envelope handed to the policy is
// never written over by the next one.
type transaction struct {
	from       Path
	mailParams [2]Param // SIZE and BODY, as a client sends them
	rcpts      [4]Path
	params     [4][]Param
}

// checkMailParam validates the MAIL parameters of the extensions offered in EHLO.
func (s *Server) checkMailParam(p Param) *Reply {
	refuse := func(r Reply) *Reply { return &r }
	if s.cfg.NoDSN && isDSNParam(p.Key) {
		// The parameter of an extension this server did not offer is unknown here.
		return refuse(ReasonMailParamUnknown.Reply(p.Key))
	}
	switch p.Key {
	case "SIZE":
		n, err := strconv.ParseUint(p.Value, 10, 63)
		if err != nil || p.Value == "" || len(p.Value) > 20 {
			return refuse(ReasonMailSizeSyntax.Reply())
		}
		if n > uint64(s.cfg.maxSize()) {
			return refuse(ReasonMailSizeExceeded.Reply())
		}
	case "BODY":
		if v := strings.ToUpper(p.Value); v != "7BIT" && v != "8BITMIME" {
			return refuse(ReasonMailBodySyntax.Reply())
		}
	case "RET":
		if v := strings.ToUpper(p.Value); v != "FULL" && v != "HDRS" {
			return refuse(ReasonMailParamSyntax.Reply(p.Key))
		}
	case "ENVID":
		if p.Value == "" || len(p.Value) > 100 {
			return refuse(ReasonMailParamSyntax.Reply(p.Key))
		}
	case "AUTH":
		// RFC 4954 §5: accepted and not trusted; no further meaning here.
		if p.Value == "" {
			return refuse(ReasonMailParamSyntax.Reply(p.Key))
		}
	default:
		return refuse(ReasonMailParamUnknown.Reply(p.Key))
	}
	return nil
}

func (s *Server) rcpt(arg string) Reply {
	if s.sess.From == nil {
		return ReasonRcptNeedMail.Reply()
	}
	rawPath, words, ok := parseMailArg(arg, "TO:")
	if !ok {
		return ReasonRcptSyntax.Reply()
	}
	s.sess.Attempts++
	to, err := ParsePath(rawPath)
	if err == errPathTooLong {
		return ReasonRcptPathTooLong.Reply()
	}
	if err == errPathNonASCII {
		return ReasonRcptNonASCII.Reply()
	}
	if err != nil || to.IsNull() {
		return ReasonRcptBadAddress.Reply()
	}
	params, bad, ok := parseParams(nil, words)
	if !ok {
		return ReasonRcptParamSyntax.Reply(bad)
	}
	for _, p := range params {
		if s.cfg.NoDSN && isDSNParam(p.Key) {
			return ReasonRcptParamUnknown.Reply(p.Key)
		}
		switch p.Key {
		case "NOTIFY":
			if !validNotify(p.Value) {
				return ReasonRcptParamSyntax.Reply(p.Key)
			}
		case "ORCPT":
			if !strings.Contains(p.Value, ";") {
				return ReasonRcptParamSyntax.Reply(p.Key)
			}
		default:
			return ReasonRcptParamUnknown.Reply(p.Key)
		}
	}
	if len(s.sess.Rcpts) >= s.cfg.maxRecipients() {
		return ReasonRcptTooMany.Reply()
	}
	if r := s.policy.Rcpt(&s.sess, to, params); r != nil {
		return *r
	}
	if s.sess.Rcpts == nil {
		s.sess.Rcpts, s.sess.RcptParams = s.tx.rcpts[:0], s.tx.params[:0] // a few recipients without growing
	}
	s.sess.Rcpts = append(s.sess.Rcpts, to)
	s.sess.RcptParams = append(s.sess.RcptParams, params)
	return ReasonRcptOK.Reply()
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
		return ReasonCmdNoArgument.Reply("DATA")
	case s.sess.From == nil || len(s.sess.Rcpts) == 0 && s.sess.Attempts == 0:
		return ReasonDataNeedRcpt.Reply()
	case len(s.sess.Rcpts) == 0:
		// RFC 5321 §3.3: every RCPT was refused.
		return ReasonDataNoValidRcpt.Reply()
	}
	if r := s.policy.Data(&s.sess); r != nil {
		return *r
	}
	s.mode = modeData
	s.data.reset(s.cfg.maxSize(), declaredSize(s.sess.MailParams))
	return ReasonDataStart.Reply()
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
	d := &s.data
	s.mode = modeCommand
	defer s.reset()
	switch {
	case d.tooBig:
		return ReasonDataTooBig.Reply()
	case d.lineTooLong:
		return ReasonDataLineTooLong.Reply()
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
		queued := ReasonQueued.Reply(id)
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
		return ReasonTLSSyntax.Reply()
	case s.sess.Secure:
		return ReasonTLSAlready.Reply()
	case !s.cfg.StartTLS:
		return ReasonCmdNotImplemented.Reply()
	}
	// RFC 3207 §4.2: forget everything learned before TLS and any plaintext the client
	// pipelined after STARTTLS; the client must say EHLO again.
	s.dropInput = true
	s.reset()
	s.sess.Helo = ""
	s.sess.ESMTP = false
	s.sess.Secure = true
	return ReasonTLSReady.Reply()
}

func (s *Server) authCommand(arg string) Reply {
	switch {
	case !s.cfg.Auth:
		return ReasonAuthNotEnabled.Reply()
	case s.sess.Helo == "":
		return ReasonAuthBeforeHelo.Reply()
	case s.sess.User != "":
		return ReasonAuthAlready.Reply()
	case s.sess.From != nil:
		return ReasonAuthInTransaction.Reply()
	case s.cfg.AuthRequiresTLS && !s.sess.Secure:
		return ReasonAuthEncryptionReq.Reply()
	}
	mech, initial, _ := strings.Cut(strings.TrimSpace(arg), " ")
	if mech == "" {
		return ReasonAuthSyntax.Reply()
	}
	if len(arg)+7 > MaxAuthLine {
		return ReasonAuthLineTooLong.Reply()
	}
	mech = strings.ToUpper(mech)
	switch mech {
	case "PLAIN", "LOGIN":
	default:
		return ReasonAuthBadMechanism.Reply()
	}
	s.auth = authExchange{mechanism: mech}
	if initial == "" {
		s.mode = modeAuth
		if mech == "LOGIN" {
			return ReasonAuthChallenge.Reply(base64.StdEncoding.EncodeToString([]byte("Username:")))
		}
		return Reply{Code: 334, Lines: []string{""}, Reason: ReasonAuthChallenge}
	}
	s.mode = modeAuth
	return s.authResponse(initial)
}

// authResponse handles one client line of a SASL exchange (RFC 4954 §4).
func (s *Server) authResponse(line string) Reply {
	if line == "*" {
		s.mode = modeCommand
		return ReasonAuthCancelled.Reply()
	}
	var decoded []byte
	if line != "=" { // "=" is an empty initial response (RFC 4954 §4)
		var err error
		decoded, err = base64.StdEncoding.DecodeString(line)
		if err != nil {
			s.mode = modeCommand
			return ReasonAuthBadEncoding.Reply()
		}
	}
	switch s.auth.mechanism {
	case "PLAIN":
		s.mode = modeCommand
		// RFC 4616 §2: authzid NUL authcid NUL passwd.
		parts := strings.Split(string(decoded), "\x00")
		if len(parts) != 3 || parts[1] == "" {
			return ReasonAuthFailed.Reply()
		}
		return s.checkCredentials(parts[0], parts[1], parts[2])
	default: // LOGIN
		if s.auth.user == "" {
			if len(decoded) == 0 {
				s.mode = modeCommand
				return ReasonAuthFailed.Reply()
			}
			s.auth.user = string(decoded)
			return ReasonAuthChallenge.Reply(base64.StdEncoding.EncodeToString([]byte("Password:")))
		}
		s.mode = modeCommand
		return s.checkCredentials("", s.auth.user, string(decoded))
	}
}

func (s *Server) checkCredentials(identity, user, password string) Reply {
	s.auth = authExchange{}
	if !s.policy.Authenticate(&s.sess, identity, user, password) {
		return ReasonAuthFailed.Reply()
	}
	s.sess.User = user
	return ReasonAuthOK.Reply()
}
