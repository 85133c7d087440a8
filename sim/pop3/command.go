package pop3

import (
	"errors"
	"slices"
	"strconv"
	"strings"

	"smtpsim/sim/mailbox"
)

// capabilities is the CAPA listing (RFC 2449 §6). RESP-CODES and AUTH-RESP-CODE are listed
// because the engine sends "[AUTH]" and "[SYS/TEMP]" codes (RFC 2449 §8, RFC 3206).
const capabilities = "TOP\r\nUSER\r\nUIDL\r\nPIPELINING\r\nRESP-CODES\r\nAUTH-RESP-CODE\r\n"

// usage returns a command's grammar as RFC 1939 §9 and RFC 2449 §5 write it, for the
// answer to a syntax error.
func usage(keyword string) string {
	switch keyword {
	case "USER":
		return "USER name"
	case "PASS":
		return "PASS string"
	case "LIST", "UIDL":
		return keyword + " [msg]"
	case "RETR", "DELE":
		return keyword + " msg"
	case "TOP":
		return "TOP msg n"
	}
	return keyword // STAT, NOOP, RSET, QUIT, CAPA and STLS take no arguments
}

// execute runs one command line and returns its single response.
func (s *Server) execute(line string) Response {
	keyword, rest := splitCommand(line)
	args := strings.Fields(rest)

	// PASS may only follow USER immediately (RFC 1939 §7), so any other command forgets
	// the name given.
	user, haveUser := s.user, s.haveUser
	s.user, s.haveUser = "", false

	switch keyword {
	case "CAPA", "QUIT":
		if len(args) != 0 {
			return reasonSyntax.response(usage(keyword))
		}
		if keyword == "QUIT" {
			return s.quit()
		}
		capa := capabilities
		if s.cfg.STLS && !s.secure {
			capa += "STLS\r\n"
		}
		return reasonCapa.withBody([]byte(capa))
	case "STLS":
		switch {
		case !s.cfg.STLS && !s.cfg.Secure:
			return reasonUnknownCommand.response()
		case len(args) != 0:
			return reasonSyntax.response(usage(keyword))
		case s.secure:
			return reasonSTLSActive.response()
		case s.state != stateAuthorization:
			return reasonWrongState.response(keyword)
		}
		s.secure = true
		return reasonSTLS.response()
	case "USER":
		if s.state != stateAuthorization {
			return reasonWrongState.response(keyword)
		}
		// The answer is +OK whether or not the mailbox exists: a -ERR here would
		// tell an attacker which names are valid (RFC 1939 §13).
		if len(args) != 1 {
			return reasonSyntax.response(usage(keyword))
		}
		s.user, s.haveUser = args[0], true
		return reasonUserOK.response()
	case "PASS":
		if s.state != stateAuthorization {
			return reasonWrongState.response(keyword)
		}
		// The whole rest of the line is the password, spaces included, since PASS
		// has exactly one argument (RFC 1939 §7).
		if rest == "" {
			return reasonSyntax.response(usage(keyword))
		}
		if !haveUser {
			return reasonNeedUser.response()
		}
		return s.login(user, rest)
	case "STAT", "LIST", "RETR", "DELE", "NOOP", "RSET", "UIDL", "TOP":
		if s.state != stateTransaction {
			return reasonWrongState.response(keyword)
		}
		return s.transaction(keyword, args)
	}
	// Also APOP and AUTH: unimplemented commands get -ERR (RFC 1939 §3).
	return reasonUnknownCommand.response()
}

// login checks the credentials and opens the maildrop, entering the TRANSACTION state.
func (s *Server) login(user, password string) Response {
	box, err := s.store.Login(user, password)
	if errors.Is(err, mailbox.ErrBadCredentials) {
		s.failures++
		if s.cfg.MaxAuthFailures > 0 && s.failures >= s.cfg.MaxAuthFailures {
			s.close()
			return reasonAuthTooMany.response()
		}
		return reasonAuthFailed.response()
	}
	if err != nil || box == nil {
		return reasonMaildropUnavailable.response()
	}
	s.box = box
	s.msgs = s.msgs[:0]
	for _, m := range box.List() {
		s.msgs = append(s.msgs, message{uid: m.UID, size: m.Size})
	}
	s.state = stateTransaction
	count, octets := s.totals()
	return reasonLoginOK.response(count, octets)
}

// transaction handles the commands of the TRANSACTION state (RFC 1939 §5, §7).
func (s *Server) transaction(keyword string, args []string) Response {
	switch keyword {
	case "LIST", "UIDL":
		return s.listing(keyword, args)
	case "RETR", "DELE", "TOP":
		want := 1
		if keyword == "TOP" {
			want = 2
		}
		if len(args) != want {
			return reasonSyntax.response(usage(keyword))
		}
		i, fail, ok := s.message(keyword, args[0])
		if !ok {
			return fail
		}
		switch keyword {
		case "DELE":
			s.msgs[i].deleted = true
			return reasonDele.response(i + 1)
		case "RETR":
			return s.retr(i)
		}
		lines, ok := parseDecimal(args[1])
		if !ok {
			return reasonSyntax.response(usage(keyword))
		}
		data, err := s.box.Read(s.msgs[i].uid)
		if err != nil {
			return reasonReadFailed.response()
		}
		return reasonTop.withBody(topOf(data, lines))
	}

	// STAT, NOOP and RSET take no arguments.
	if len(args) != 0 {
		return reasonSyntax.response(usage(keyword))
	}
	switch keyword {
	case "STAT":
		count, octets := s.totals()
		return reasonStat.response(count, octets)
	case "RSET":
		for i := range s.msgs {
			s.msgs[i].deleted = false
		}
		count, octets := s.totals()
		return reasonRset.response(count, octets)
	}
	return reasonNoop.response()
}

// listing handles LIST and UIDL, which share their shape: a multi-line listing of every
// message not marked deleted, or one line for the message named (RFC 1939 §5, §7).
func (s *Server) listing(keyword string, args []string) Response {
	if len(args) > 1 {
		return reasonSyntax.response(usage(keyword))
	}
	if len(args) == 1 {
		i, fail, ok := s.message(keyword, args[0])
		if !ok {
			return fail
		}
		if keyword == "UIDL" {
			return reasonUIDLMsg.response(i+1, uniqueID(s.msgs[i].uid))
		}
		return reasonListMsg.response(i+1, s.msgs[i].size)
	}
	body := []byte{}
	for i, m := range s.msgs {
		if m.deleted {
			continue
		}
		body = strconv.AppendInt(body, int64(i+1), 10)
		body = append(body, ' ')
		if keyword == "UIDL" {
			body = append(body, uniqueID(m.uid)...)
		} else {
			body = strconv.AppendInt(body, int64(m.size), 10)
		}
		body = append(body, "\r\n"...)
	}
	if keyword == "UIDL" {
		return reasonUIDL.withBody(body)
	}
	count, octets := s.totals()
	return reasonList.withBody(body, count, octets)
}

// retr sends message i whole and, unless configured otherwise, marks it \Seen.
func (s *Server) retr(i int) Response {
	uid := s.msgs[i].uid
	data, err := s.box.Read(uid)
	if err != nil {
		return reasonReadFailed.response()
	}
	if data == nil {
		data = []byte{} // an empty message is still a multi-line response
	}
	if !s.cfg.KeepUnseen {
		s.markSeen(uid)
	}
	return reasonRetr.withBody(data, s.msgs[i].size)
}

// markSeen adds \Seen to the message's current flags. The flags are read afresh rather
// than from the login snapshot so that changes made through IMAP meanwhile survive. A
// failure is not reported: the client got its message, which is all RETR promises.
func (s *Server) markSeen(uid uint32) {
	for _, m := range s.box.List() {
		if m.UID == uid {
			if !m.HasFlag(mailbox.FlagSeen) {
				_ = s.box.SetFlags(uid, append(slices.Clone(m.Flags), mailbox.FlagSeen))
			}
			return
		}
	}
}

// message resolves the message-number argument of keyword to an index into the snapshot.
// Messages marked deleted keep their numbers but may not be referred to (RFC 1939 §5).
func (s *Server) message(keyword, arg string) (index int, fail Response, ok bool) {
	n, ok := parseDecimal(arg)
	if !ok {
		return 0, reasonSyntax.response(usage(keyword)), false
	}
	if n < 1 || n > len(s.msgs) {
		return 0, reasonNoSuchMessage.response(len(s.msgs)), false
	}
	if s.msgs[n-1].deleted {
		return 0, reasonMessageDeleted.response(n), false
	}
	return n - 1, Response{}, true
}

// quit ends the session. From AUTHORIZATION it just says goodbye (RFC 1939 §4); from
// TRANSACTION it enters UPDATE and removes the messages marked deleted (RFC 1939 §6).
func (s *Server) quit() Response {
	if s.state != stateTransaction {
		s.close()
		return reasonQuit.response(s.cfg.Hostname)
	}
	failed := false
	for _, m := range s.msgs {
		if !m.deleted {
			continue
		}
		// One Remove per message, so that one failure does not keep the others. A
		// message that is already gone (expunged through IMAP meanwhile) counts as
		// removed: the client's wish is fulfilled.
		if err := s.box.Remove(m.uid); err != nil && !errors.Is(err, mailbox.ErrNoSuchMessage) {
			failed = true
		}
	}
	left := len(s.box.List())
	s.close()
	if failed {
		return reasonUpdateFailed.response()
	}
	return reasonUpdate.response(s.cfg.Hostname, left)
}

// totals counts the messages not marked deleted and their octets (RFC 1939 §5, STAT).
// Sizes come from the mailbox, which counts CRLF line endings as RFC 1939 §11 asks.
func (s *Server) totals() (count, octets int) {
	for _, m := range s.msgs {
		if !m.deleted {
			count++
			octets += m.size
		}
	}
	return count, octets
}

// uniqueID is the UIDL unique-id of a message (RFC 1939 §7): its mailbox UID in decimal.
// UIDs are never reused within a mailbox (the stores keep UIDValidity fixed), so the id is
// unique and persistent across sessions as RFC 1939 requires.
func uniqueID(uid uint32) string {
	return strconv.FormatUint(uint64(uid), 10)
}
