package smtp

import (
	"bytes"
	"encoding/base64"
	"encoding/binary"
	"slices"
	"strconv"
	"strings"

	"smtpsim/sim/session"
)

// ClientConfig holds what a client engine says about itself and what it asks of the server.
type ClientConfig struct {
	Hostname string // the EHLO/HELO argument
	// StartTLS issues STARTTLS when the server offers it; RequireTLS fails the delivery
	// (temporarily) when it does not.
	StartTLS   bool
	RequireTLS bool
	// AfterTLS, when set, is asked once the server has agreed to STARTTLS and the
	// handshake is done: a non-nil verdict (the server's certificate does not name a
	// host the client requires) decides every pending recipient, and the client QUITs
	// instead of saying EHLO again.
	AfterTLS func() *Reply
	// Username and Password, when set, are sent with AUTH PLAIN (or LOGIN if the server
	// offers only that). A server that offers no AUTH is tried without it, so that the
	// learner sees its 530.
	Username, Password string
	// NoPipelining sends one command at a time even when PIPELINING is offered.
	NoPipelining bool
	// ResendOverLimit sends the recipients a server had no room for ("452 4.5.3 Error:
	// too many recipients", RFC 5321 §4.5.3.1.10) in another transaction on the same
	// connection, as soon as the message has gone to the others. A client without a
	// queue, a mail program, needs it, or those recipients get nothing. Without it they
	// are deferred, and an MTA sends them in its next attempt from its queue, as
	// Postfix does.
	ResendOverLimit bool
	// Replies, when set, holds the greetings and EHLO replies this client reads, and
	// those other clients sharing it read before (ReplyCache).
	Replies *ReplyCache
}

// Transaction is one message to send: MAIL once, RCPT for each recipient, DATA once.
type Transaction struct {
	From string   // reverse-path mailbox; "" sends the null path <> (bounces)
	To   []string // forward-path mailboxes
	Data []byte   // the message; line endings are normalised to CRLF and dots stuffed
	// MailParams and RcptParams are extra MAIL parameters ("RET=HDRS") and extra RCPT
	// parameters for every recipient ("NOTIFY=FAILURE"). Those of DSN (RET, ENVID,
	// NOTIFY, ORCPT) go only to a server whose EHLO reply offered DSN (RFC 3461 §4);
	// the others are sent as given.
	MailParams []string
	RcptParams []string
	// Prepared, when set, is Data made ready for DATA by Prepare, which the engine
	// sends as it is (Data is then not read): one message sent to several servers is
	// stuffed once, not once by each client engine.
	Prepared *Prepared
}

// Prepared is a message made ready for DATA once, for every transaction that sends
// it. Its octets are shared and never written.
type Prepared struct {
	wire      []byte // stuffed, with the final ".\r\n"; no room to grow
	size      int    // octets without the dots added and the final dot (RFC 1870 §3)
	eightBits bool   // an octet above 127 (BODY=8BITMIME)
}

// Prepare stuffs data for DATA (as Stuff does) once, for the transactions that send it.
func Prepare(data []byte) *Prepared {
	p := prepare(data)
	return &p
}

func prepare(data []byte) Prepared {
	stuffed, added := stuff(data)
	wire := append(stuffed, ".\r\n"...)
	return Prepared{wire: wire[:len(wire):len(wire)], size: len(stuffed) - added, eightBits: has8bit(data)}
}

// Outcome is what became of one recipient.
type Outcome uint8

// Outcomes of a recipient. Pending means the conversation has not decided yet.
const (
	Pending  Outcome = iota
	Accepted         // the server answered 250 to the final dot: it now owns the message
	Deferred         // a 4xx reply or a lost connection: try again later
	Failed           // a 5xx reply: give up and bounce
)

func (o Outcome) String() string {
	return [...]string{"pending", "accepted", "deferred", "failed"}[o]
}

// Result is the outcome of one recipient of one transaction and the reply that decided it.
type Result struct {
	Rcpt    string
	Outcome Outcome
	Reply   Reply
	Stage   string // the command whose reply decided: greeting, ehlo, starttls, auth, mail, rcpt, data, dot, connection
	// AfterDot is set when the connection was lost after the final dot was sent but
	// before its reply: the server may have accepted the message, and a retry may
	// deliver it twice (RFC 1047).
	AfterDot bool
}

// Client is an SMTP client engine with no I/O: feed it the server's octets and send
// what it returns. It drives EHLO (HELO as fallback), optional STARTTLS and AUTH, then
// each transaction, then QUIT. It acts on the first digit of each reply, so servers
// that answer a sequence error with 502 instead of 503 (emersion/go-smtp) work too.
type Client struct {
	cfg     ClientConfig
	txs     []Transaction
	results [][]Result

	replies  replyReader
	expect   []expectation // replies awaited, in order (more than one when pipelining)
	ext      []extension   // in the order offered, each keyword once; nil before EHLO
	extRoom  []extension   // ext's array, which Reset keeps
	secure   bool
	authed   bool
	tx       int   // current transaction
	round    []int // recipients (indexes into To) of the current MAIL … DATA of tx
	later    []int // those of round the server had no room for: the next round's
	accepted int   // recipients of the current round the server accepted
	dirty    bool  // the server may hold an open transaction: RSET before the next MAIL
	done     bool
	last     Reply  // the last reply received
	ready    []byte // the current transaction's message, stuffed, with the final dot
	// writes holds the commands Feed returned since the engine was made or Reset, one
	// after the other and never written over until the next Reset, which keeps the
	// array for the next connection (written).
	writes []byte
	// First arrays of expect and results, made with the engine: room for a pipelined
	// batch of replies awaited, and the results of the usual single transaction.
	expectRoom [8]expectation
	oneTx      [1][]Result
	roundRoom  [8]int // the first round's recipients, when they fit
	roundTaken bool
	resultRoom [3]Result // the first transaction's results, when they fit
	txRoom     [1]Transaction
}

// Client keeps the contract of package session.
var _ session.Client = (*Client)(nil)

type expectation struct {
	stage string
	rcpt  int // for "rcpt": index into the current transaction's recipients
	pos   int // for "rcpt": position of that recipient in the round
}

// NewClient returns an engine that will run the transactions in order on one connection.
func NewClient(cfg ClientConfig, txs ...Transaction) *Client {
	c := new(Client)
	c.start(cfg)
	c.setTransactions(txs)
	return c
}

// Reset makes c the engine NewClient(cfg, txs...) returns, for another connection,
// and keeps the room it has made for what only the engine reads: the buffers of the
// replies not yet read and the extensions. Nothing of the last connection carries
// over. The results of the last connection, and everything Feed returned, belong to
// the engine again: read them before. Unlike NewClient, Reset copies the
// transactions, the usual single one into the engine itself: the caller's slice then
// stays where it was made.
func (c *Client) Reset(cfg ClientConfig, txs ...Transaction) {
	replies := replyReader{own: c.replies.own[:0], text: c.replies.text[:0], slab: c.replies.slab[len(c.replies.slab):]}
	extRoom := c.extRoom[:0]
	clear(extRoom[:cap(extRoom)])
	*c = Client{replies: replies, extRoom: extRoom, writes: c.writes[:0]}
	c.start(cfg)
	c.setTransactions(append(c.txRoom[:0:len(c.txRoom)], txs...))
}

// start sets up a client that is new or Reset, which holds nothing of a connection.
func (c *Client) start(cfg ClientConfig) {
	if cfg.Hostname == "" {
		cfg.Hostname = "localhost"
	}
	c.cfg = cfg
	c.expect = append(c.expectRoom[:0], expectation{stage: "greeting"})
}

// setTransactions makes txs the transactions to run, with room for their results.
func (c *Client) setTransactions(txs []Transaction) {
	c.txs = txs
	c.results = c.oneTx[:]
	if len(txs) != 1 {
		c.results = make([][]Result, len(txs))
	}
	for i, tx := range txs {
		if i == 0 && len(tx.To) <= len(c.resultRoom) {
			c.results[i] = c.resultRoom[:len(tx.To):len(tx.To)]
		} else {
			c.results[i] = make([]Result, len(tx.To))
		}
		for j, to := range tx.To {
			c.results[i][j] = Result{Rcpt: to}
		}
	}
}

// Done reports that the conversation is over and the connection may be closed.
func (c *Client) Done() bool { return c.done }

// Secure reports that STARTTLS succeeded.
func (c *Client) Secure() bool { return c.secure }

// Extensions returns the EHLO keywords the server offered, upper case, with their parameters.
func (c *Client) Extensions() map[string]string {
	if c.ext == nil {
		return nil
	}
	m := make(map[string]string, len(c.ext))
	for _, e := range c.ext {
		m[e.keyword] = e.params
	}
	return m
}

// extension is an EHLO keyword the server offered, upper case, with its parameters.
type extension struct{ keyword, params string }

// offers returns the parameters of keyword (upper case) and whether the server offered it.
func (c *Client) offers(keyword string) (string, bool) {
	for _, e := range c.ext {
		if e.keyword == keyword {
			return e.params, true
		}
	}
	return "", false
}

// Results returns, per transaction, the outcome of each recipient.
func (c *Client) Results() [][]Result { return c.results }

// Feed takes octets from the server and returns the octets to send next, which may
// be shared (a prepared message, QUIT): read them, never write to them.
func (c *Client) Feed(p []byte) []byte {
	if c.done {
		return nil
	}
	c.replies.add(p)
	defer c.replies.keep()
	var out []byte
	for !c.done {
		c.replies.cache = nil
		if c.cfg.Replies != nil && len(c.expect) > 0 {
			if st := c.expect[0].stage; st == "greeting" || st == "ehlo" {
				c.replies.cache = c.cfg.Replies
			}
		}
		r, ok, err := c.replies.next()
		if err != nil {
			c.failPending(ReasonClientBadReply.Reply(err), "connection", false)
			c.done = true
			return append(out, "QUIT\r\n"...)
		}
		if !ok {
			break
		}
		if b := c.handle(r); out == nil {
			out = b // most often the only answer: the message after 354 goes out uncopied
		} else {
			out = append(out, b...)
		}
	}
	return out
}

// Lost records that the connection closed before the conversation ended: every
// recipient not yet decided is deferred. arrived says whether what the client sent last
// reached the server; if that was the final dot, the server may own the message
// although its reply never came, and the recipients are flagged so (RFC 1047). If it
// did not arrive, a retry will not duplicate the message.
func (c *Client) Lost(arrived bool) {
	if c.done {
		return
	}
	afterDot := arrived && len(c.expect) > 0 && c.expect[0].stage == "dot"
	c.failPending(ReasonClientConnectionLost.Reply(), "connection", afterDot)
	c.done = true
}

// Unreachable records that no connection could be made (refused, timed out): every
// recipient is deferred with status 4.4.1 and why as text (RFC 3463 §3.5).
func (c *Client) Unreachable(why string) {
	if c.done {
		return
	}
	c.failPending(ReasonClientConnectFailed.Reply(why), "connection", false)
	c.done = true
}

// Timeout records that the server stayed silent too long (RFC 5321 §4.5.3.2) and
// returns the QUIT to send before closing.
func (c *Client) Timeout() []byte {
	if c.done {
		return nil
	}
	afterDot := len(c.expect) > 0 && c.expect[0].stage == "dot"
	c.failPending(ReasonClientTimeout.Reply(), "connection", afterDot)
	c.done = true
	return []byte("QUIT\r\n")
}

func (c *Client) handle(r Reply) []byte {
	c.last = r
	if len(c.expect) == 0 {
		// A reply nobody asked for: the server is confused; leave politely.
		return c.quit()
	}
	e := c.expect[0]
	// Moved down rather than resliced, so that the slice keeps its room for the next
	// batch: it holds a few entries at most.
	c.expect = c.expect[:copy(c.expect, c.expect[1:])]
	if r.Code == 421 && e.stage != "quit" {
		// RFC 5321 §3.8: the server is closing; no QUIT is needed.
		c.failPending(r, e.stage, false)
		c.done = true
		return nil
	}
	switch e.stage {
	case "greeting":
		if r.Class() != 2 {
			c.failPending(r, e.stage, false)
			return c.quit()
		}
		return c.ehlo()
	case "ehlo":
		switch {
		case r.Class() == 2:
			if kept := c.replies.cached; kept != nil && kept.ext != nil {
				c.ext = kept.ext // shared: read, never written
				return c.afterHello()
			}
			c.ext = parseExtensions(c.extRoom, r.Lines[1:])
			c.extRoom = c.ext
			if kept := c.replies.cached; kept != nil {
				kept.ext = append([]extension{}, c.ext...) // extRoom is this engine's, cleared when it is reset
			}
			return c.afterHello()
		case r.Class() == 5:
			return c.send("helo", "HELO "+c.cfg.Hostname)
		}
		c.failPending(r, e.stage, false)
		return c.quit()
	case "helo":
		if r.Class() != 2 {
			c.failPending(r, e.stage, false)
			return c.quit()
		}
		c.ext = []extension{}
		return c.afterHello()
	case "starttls":
		if r.Code != 220 {
			c.failPending(r, e.stage, false)
			return c.quit()
		}
		c.secure = true
		if c.cfg.AfterTLS != nil {
			if v := c.cfg.AfterTLS(); v != nil {
				c.failPending(*v, e.stage, false)
				return c.quit()
			}
		}
		return c.ehlo()
	case "auth", "auth-login-user", "auth-login-pass":
		return c.authReply(e.stage, r)
	case "rset":
		c.dirty = false
		return c.nextTransaction()
	case "mail", "rcpt", "data", "dot", "lone-dot":
		return c.transactionReply(e, r)
	case "quit":
		c.done = true
	}
	return nil
}

// afterHello decides between STARTTLS, AUTH and the first transaction.
func (c *Client) afterHello() []byte {
	_, tlsOffered := c.offers("STARTTLS")
	if !c.secure && c.cfg.StartTLS && tlsOffered {
		return c.send("starttls", "STARTTLS")
	}
	if !c.secure && c.cfg.RequireTLS {
		c.failPending(ReasonClientTLSNotOffered.Reply(), "starttls", false)
		return c.quit()
	}
	if c.cfg.Username != "" && !c.authed {
		auth, _ := c.offers("AUTH")
		mechs := strings.Fields(strings.ToUpper(auth))
		switch {
		case contains(mechs, "PLAIN"):
			resp := base64.StdEncoding.EncodeToString([]byte("\x00" + c.cfg.Username + "\x00" + c.cfg.Password))
			return c.send("auth", "AUTH PLAIN "+resp)
		case contains(mechs, "LOGIN"):
			return c.send("auth-login-user", "AUTH LOGIN")
		}
	}
	return c.nextTransaction()
}

func (c *Client) authReply(stage string, r Reply) []byte {
	switch {
	case r.Code == 334 && stage == "auth-login-user":
		return c.send("auth-login-pass", base64.StdEncoding.EncodeToString([]byte(c.cfg.Username)))
	case r.Code == 334 && stage == "auth-login-pass":
		return c.send("auth", base64.StdEncoding.EncodeToString([]byte(c.cfg.Password)))
	case r.Code == 334:
		// An unexpected challenge: cancel the exchange (RFC 4954 §4).
		return c.send("auth", "*")
	case r.Class() == 2:
		c.authed = true
		return c.nextTransaction()
	}
	c.failPending(r, "auth", false)
	return c.quit()
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// nextTransaction starts the next transaction that has recipients, or QUITs.
func (c *Client) nextTransaction() []byte {
	for c.tx < len(c.txs) && len(c.txs[c.tx].To) == 0 {
		c.tx++
	}
	if c.tx >= len(c.txs) {
		return c.quit()
	}
	if c.dirty {
		return c.send("rset", "RSET")
	}
	var all []int
	if n := len(c.txs[c.tx].To); n > len(c.roundRoom) || c.roundTaken {
		all = make([]int, n)
	} else {
		all, c.roundTaken = c.roundRoom[:n], true // the first round fits in the engine
	}
	for i := range all {
		all[i] = i
	}
	return c.mail(all)
}

// mail sends MAIL for the current transaction with RCPT for the recipients in round
// (all of them, or those a server with a recipient limit left for later).
func (c *Client) mail(round []int) []byte { return c.written(c.mailBatch(round)) }

// mailBatch writes what mail sends in written's room.
func (c *Client) mailBatch(round []int) []byte {
	tx := c.txs[c.tx]
	c.round, c.later = round, nil
	c.accepted = 0
	c.dirty = true
	var ready Prepared
	if tx.Prepared != nil {
		ready = *tx.Prepared
	} else {
		ready = prepare(tx.Data)
	}
	c.ready = ready.wire
	// The batch is written into one buffer: MAIL, every RCPT and DATA.
	out := c.room(64 * (len(round) + 2))
	out = append(append(append(out, "MAIL FROM:<"...), tx.From...), '>')
	if _, ok := c.offers("SIZE"); ok {
		// RFC 1870 §3: the size counts CRLF pairs but not the dots added by stuffing.
		out = strconv.AppendInt(append(out, " SIZE="...), int64(ready.size), 10)
	}
	if _, ok := c.offers("8BITMIME"); ok && ready.eightBits {
		out = append(out, " BODY=8BITMIME"...)
	}
	out = c.appendCommand(c.appendParams(out, tx.MailParams), expectation{stage: "mail"})
	_, pipelining := c.offers("PIPELINING")
	if !pipelining || c.cfg.NoPipelining {
		return out
	}
	// RFC 2920 §3.1: MAIL and RCPT may be batched; DATA ends the batch.
	for pos := range round {
		out = c.appendRcpt(out, pos)
	}
	return c.appendCommand(append(out, "DATA"...), expectation{stage: "data"})
}

// sendRcpt sends RCPT for the recipient at position pos of the round.
func (c *Client) sendRcpt(pos int) []byte { return c.appendRcpt(nil, pos) }

// appendRcpt appends RCPT for the recipient at position pos of the round to dst.
func (c *Client) appendRcpt(dst []byte, pos int) []byte {
	i := c.round[pos]
	tx := c.txs[c.tx]
	dst = append(append(append(dst, "RCPT TO:<"...), tx.To[i]...), '>')
	return c.appendCommand(c.appendParams(dst, tx.RcptParams), expectation{stage: "rcpt", rcpt: i, pos: pos})
}

// appendParams appends params to a MAIL or RCPT line in dst, leaving out those of DSN
// unless the server offered DSN: RFC 3461 §4 forbids them otherwise, and a server
// without DSN would refuse the whole command with 555 (RFC 5321 §4.1.1.11), failing a
// recipient over a mere request for notices. The message goes on without that
// request, as it does through any relay to a server without DSN (RFC 3461 §5.2.2).
func (c *Client) appendParams(dst []byte, params []string) []byte {
	_, dsn := c.offers("DSN")
	for _, p := range params {
		key, _, _ := strings.Cut(p, "=")
		if !dsn && isDSNParam(strings.ToUpper(key)) {
			continue
		}
		dst = append(append(dst, ' '), p...)
	}
	return dst
}

func (c *Client) transactionReply(e expectation, r Reply) []byte {
	_, pipelining := c.offers("PIPELINING")
	pipelining = pipelining && !c.cfg.NoPipelining
	res := c.results[c.tx]
	switch e.stage {
	case "mail":
		if r.Class() != 2 {
			c.failTransaction(r, "mail")
			if pipelining {
				return nil // the RCPT and DATA replies are still to come
			}
			c.dirty = false
			c.tx++
			return c.nextTransaction()
		}
		if pipelining {
			return nil
		}
		return c.sendRcpt(0)
	case "rcpt":
		if res[e.rcpt].Outcome == Pending {
			switch {
			case r.Class() == 2:
				c.accepted++
			case tooManyRecipients(r):
				// Not this recipient's fault: the transaction is full (RFC 5321
				// §4.5.3.1.10). It is deferred, whatever the code's class, and waits
				// for the next round if there is one.
				res[e.rcpt] = Result{Rcpt: res[e.rcpt].Rcpt, Outcome: Deferred, Reply: r, Stage: "rcpt"}
				c.later = append(c.later, e.rcpt)
			default:
				res[e.rcpt] = Result{Rcpt: res[e.rcpt].Rcpt, Outcome: outcomeOf(r), Reply: r, Stage: "rcpt"}
			}
		}
		if pipelining {
			return nil
		}
		if next := e.pos + 1; next < len(c.round) {
			return c.sendRcpt(next)
		}
		if c.accepted == 0 {
			c.tx++
			return c.nextTransaction()
		}
		return c.send("data", "DATA")
	case "data":
		if r.Code == 354 {
			if c.accepted == 0 {
				// RFC 2920 §3.1: every RCPT failed but DATA was accepted: send an empty message
				// by ending it at once; the server must not deliver it.
				return c.send("lone-dot", ".")
			}
			out := c.ready // never written: it may be shared (Prepared)
			c.ready = nil
			c.expect = append(c.expect, expectation{stage: "dot"})
			return out
		}
		c.failTransaction(r, "data")
		c.tx++
		return c.nextTransaction()
	case "lone-dot":
		c.tx++
		return c.nextTransaction()
	case "dot":
		c.dirty = false
		c.failTransaction(r, "dot")
		if r.Class() == 2 && len(c.later) > 0 && c.cfg.ResendOverLimit {
			return c.nextRound()
		}
		c.tx++
		return c.nextTransaction()
	}
	return nil
}

// nextRound sends the current message again, at once and on this connection, to the
// recipients the server answered "too many recipients" in the round that just ended
// (ResendOverLimit). RFC 5321 §4.5.3.1.10 has the client send them in a later
// transaction. Postfix, which has a queue, defers them to its next delivery attempt;
// Thunderbird shows the server's error and sends nothing (Mozilla bug 300937). A mail
// program that follows the RFC has no queue to wait in, so it starts the next
// transaction right away, on the connection it has: the server has just shown that it
// takes mail from this client, and a new connection would only repeat EHLO and AUTH
// (KumoMTA sends the chunks of a long recipient list the same way). nextRound is
// called only after a round whose message the server accepted, so every round
// delivers at least one recipient and the rounds end; a 452 to every RCPT of a round
// is an ordinary temporary failure, and those recipients stay deferred.
func (c *Client) nextRound() []byte {
	later := c.later
	for _, i := range later {
		c.results[c.tx][i].Outcome = Pending
	}
	return c.mail(later)
}

// tooManyRecipients reports a RCPT reply that means "this transaction has no room for
// more recipients": 452 (RFC 5321 §4.5.3.1.10: a server whose recipient buffer is
// full MUST answer 452; its text and enhanced status vary, "452 4.5.3 Error: too many
// recipients" from Postfix, plain "452 Too many recipients" from others), or the 552
// that RFC 821 listed for it, which the client SHOULD treat as temporary; a 552 is
// recognised only by its status 5.5.3, since 552 5.2.2 means a full mailbox. A 452
// with an enhanced status must say 4.5.3: 452 4.2.2 is a full mailbox for now, which
// another transaction at once would not cure.
func tooManyRecipients(r Reply) bool {
	return r.Code == 452 && (r.Status == "" || r.Status == "4.5.3") || r.Code == 552 && r.Status == "5.5.3"
}

// failTransaction decides every still-pending recipient of the current transaction
// by reply r (which may be a success: the 250 after the dot).
func (c *Client) failTransaction(r Reply, stage string) {
	for i := range c.results[c.tx] {
		if c.results[c.tx][i].Outcome == Pending {
			c.results[c.tx][i] = Result{Rcpt: c.results[c.tx][i].Rcpt, Outcome: outcomeOf(r), Reply: r, Stage: stage}
		}
	}
}

// failPending decides every pending recipient of every transaction by reply r.
func (c *Client) failPending(r Reply, stage string, afterDot bool) {
	for t := range c.results {
		for i := range c.results[t] {
			if c.results[t][i].Outcome == Pending {
				out := outcomeOf(r)
				if r.Class() == 2 || r.Class() == 3 {
					out = Deferred
				}
				c.results[t][i] = Result{Rcpt: c.results[t][i].Rcpt, Outcome: out, Reply: r, Stage: stage, AfterDot: afterDot && t == c.tx}
			}
		}
	}
}

func outcomeOf(r Reply) Outcome {
	switch r.Class() {
	case 2:
		return Accepted
	case 5:
		return Failed
	}
	return Deferred
}

func (c *Client) quit() []byte {
	c.failPending(ReasonClientEnded.Reply(), "connection", false)
	c.expect = append(c.expect, expectation{stage: "quit"})
	return quitCommand[:len(quitCommand):len(quitCommand)]
}

// quitCommand is QUIT as a client sends it at the end of nearly every connection,
// shared by all: what Feed returns is read, never written to, and an append to it
// copies (its capacity is its length).
var quitCommand = []byte("QUIT\r\n")

// ehlo sends EHLO with the client's name.
func (c *Client) ehlo() []byte {
	out := append(append(c.room(len(c.cfg.Hostname)+7), "EHLO "...), c.cfg.Hostname...)
	return c.written(c.appendCommand(out, expectation{stage: "ehlo"}))
}

// room returns room for a command line of about n octets after the last one written,
// for written to take.
func (c *Client) room(n int) []byte {
	if cap(c.writes)-len(c.writes) < n {
		c.writes = make([]byte, 0, max(n, 512)) // what was handed out keeps the old array
	}
	return c.writes[len(c.writes):]
}

// written takes out, made in room's room and handed out, as written: the next
// command goes after it. Its capacity ends at its length, so that an append copies.
// A command that outgrew the room lives in an array of its own and takes nothing.
func (c *Client) written(out []byte) []byte {
	free := c.writes[len(c.writes):cap(c.writes)]
	if len(out) > 0 && len(out) <= len(free) && &out[0] == &free[0] {
		c.writes = c.writes[:len(c.writes)+len(out)]
	}
	return out[:len(out):len(out)]
}

func (c *Client) send(stage, line string) []byte {
	return c.send1(expectation{stage: stage}, line)
}

func (c *Client) send1(e expectation, line string) []byte {
	return c.written(c.appendCommand(append(c.room(len(line)+2), line...), e))
}

// appendCommand ends the command line at the end of dst and awaits its reply.
func (c *Client) appendCommand(dst []byte, e expectation) []byte {
	c.expect = append(c.expect, e)
	return append(dst, '\r', '\n')
}

// parseExtensions reads EHLO keyword lines ("SIZE 10240000", "AUTH PLAIN LOGIN").
// Some servers also send the obsolete "AUTH=PLAIN" form.
func parseExtensions(ext []extension, lines []string) []extension {
	if ext = slices.Grow(ext[:0], len(lines)); ext == nil {
		ext = []extension{} // an EHLO reply without extensions: not nil, which means none yet
	}
	for _, l := range lines {
		key, params, _ := strings.Cut(l, " ")
		if k, v, ok := strings.Cut(key, "="); ok && strings.EqualFold(k, "AUTH") {
			key, params = k, strings.TrimSpace(v+" "+params)
		}
		key = strings.ToUpper(key)
		i := slices.IndexFunc(ext, func(e extension) bool { return e.keyword == key })
		if i < 0 {
			ext = append(ext, extension{keyword: key, params: params})
			continue
		}
		if params != "" {
			params = strings.TrimSpace(ext[i].params + " " + params)
		}
		ext[i].params = params
	}
	return ext
}

// has8bit reports whether data holds an octet above 127 (BODY=8BITMIME), eight
// octets at a time: every message a client sends passes through here.
func has8bit(data []byte) bool {
	for len(data) >= 8 {
		if binary.LittleEndian.Uint64(data)&0x8080808080808080 != 0 {
			return true
		}
		data = data[8:]
	}
	for _, b := range data {
		if b >= 0x80 {
			return true
		}
	}
	return false
}

// Stuff prepares message text for DATA: line endings become CRLF (clients must not send
// a bare CR or LF, RFC 5321 §2.3.8), a leading dot is doubled (§4.5.2), and the text
// ends with CRLF. The terminating ".\r\n" is not included.
func Stuff(data []byte) []byte {
	out, _ := stuff(data)
	return out
}

// stuff is Stuff that also counts the dots it added. It copies a line at a time: a
// message is mostly ordinary lines that need nothing but their CRLF.
func stuff(data []byte) (out []byte, added int) {
	out = make([]byte, 0, len(data)+len(data)/40+5)
	for len(data) > 0 {
		if data[0] == '.' {
			out = append(out, '.')
			added++
		}
		end := bytes.IndexByte(data, '\n')
		if end < 0 {
			end = len(data)
		}
		next := min(end+1, len(data))
		if cr := bytes.IndexByte(data[:end], '\r'); cr >= 0 {
			// The line ends at its first CR, alone or before LF.
			end, next = cr, cr+1
			if next < len(data) && data[next] == '\n' {
				next++
			}
		}
		out = append(out, data[:end]...)
		out = append(out, '\r', '\n')
		data = data[next:]
	}
	return out, added
}
