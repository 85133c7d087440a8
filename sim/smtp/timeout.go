package smtp

import (
	"strings"
	"time"
)

// The timeouts of RFC 5321 §4.5.3.2: how long a client waits for each reply, and how
// long a server waits for the client's next command. The RFC asks for at least these
// values; real MTAs use them as their defaults.
const (
	GreetingTimeout        = 5 * time.Minute  // the 220 greeting (§4.5.3.2.1)
	MailTimeout            = 5 * time.Minute  // the reply to MAIL (§4.5.3.2.2)
	RcptTimeout            = 5 * time.Minute  // the reply to RCPT (§4.5.3.2.3)
	DataInitiationTimeout  = 2 * time.Minute  // the 354 to DATA (§4.5.3.2.4)
	DataBlockTimeout       = 3 * time.Minute  // each TCP SEND of message text (§4.5.3.2.5)
	DataTerminationTimeout = 10 * time.Minute // the reply to the final dot (§4.5.3.2.6)
	ServerTimeout          = 5 * time.Minute  // a server waits this long for the next command (§4.5.3.2.7)
)

// ReplyTimeout is how long a client waits for the reply to what it sent last: verb is
// the command's verb ("MAIL", "DATA", …), "." for the final dot of the message text, ""
// for the greeting. The RFC names no value for the other commands (EHLO, AUTH, QUIT …);
// they get the 5 minutes of MAIL and RCPT, as Postfix's smtp_helo_timeout and
// smtp_quit_timeout do.
func ReplyTimeout(verb string) time.Duration {
	switch strings.ToUpper(verb) {
	case "":
		return GreetingTimeout
	case "RCPT":
		return RcptTimeout
	case "DATA":
		return DataInitiationTimeout
	case ".":
		return DataTerminationTimeout
	}
	return MailTimeout
}
