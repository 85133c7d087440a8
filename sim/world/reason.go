package world

import (
	"smtpsim/sim/reason"
	"smtpsim/sim/smtp"
)

// Verdict is a reason key of the world's own verdicts: what a mail program, a delivery
// agent or a queue decides without any server replying. They travel in an smtp.Reply
// with no code, as the SMTP client's own verdicts do.
type Verdict string

// The queue gives up on a message that stayed too long.
const reasonExpired Verdict = "queue.expired"

// The delivery agent cannot file a message, or the user's mail program cannot send it.
const (
	reasonMDAUnknownUser Verdict = "mda.unknown-user"
	reasonMDAMailboxFull Verdict = "mda.mailbox-full"
	reasonMUABadMessage  Verdict = "mua.bad-message"
	reasonMUANoMSA       Verdict = "mua.no-msa"
)

// reply is the reply that stands for verdict k: no code, the table's status, its text
// formatted with args.
func (k Verdict) reply(args ...any) smtp.Reply {
	info := Reasons.Of(k)
	return smtp.Reason(k).Custom(0, info.Status, info.Format(args...))
}

// Reasons explains the world's own verdicts. The delivery agent's status and words are
// Postfix's (RFC 3463 §3.2, §3.3). An expired message keeps the status of its last
// attempt, as RFC 3463 asks and Postfix does, so that key has none of its own.
var Reasons = reason.Table[Verdict]{
	reasonExpired:        {Text: "in the queue for %s; last: %s", Args: "how long, the last reply or verdict", RFC: "RFC 5321 §4.5.4.1, RFC 3463 §3.5"},
	reasonMDAUnknownUser: {Status: "5.1.1", Text: "unknown user: %s", Args: "user", RFC: "RFC 3463 §3.2"},
	reasonMDAMailboxFull: {Status: "5.2.2", Text: "cannot update mailbox %s: Disk quota exceeded (mailbox full)", Args: "user", RFC: "RFC 3463 §3.3"},
	reasonMUABadMessage:  {Status: "5.1.3", Text: "%s", Args: "what is wrong", RFC: "RFC 5322 §3.6"},
	reasonMUANoMSA:       {Status: "5.4.4", Text: "no submission server for %s", Args: "domain", RFC: "RFC 6409 §3.1"},
	reasonSTSNoTLS: {Status: "4.7.4", Text: "TLS is required by the MTA-STS policy of %s, but was not offered by host %s[%s]",
		Args: "domain, host, address", RFC: "RFC 8461 §5, RFC 3463 §3.8"},
	reasonSTSMXMismatch: {Status: "4.7.5", Text: "Server certificate not verified: %s is not among the MX hosts of the MTA-STS policy of %s",
		Args: "MX host, domain", RFC: "RFC 8461 §4.1, RFC 3463 §3.8"},
}

// refuse returns a policy's answer: the reply that refuses what the client asked.
func refuse(r smtp.Reply) *smtp.Reply { return &r }
