package world

import (
	"fmt"

	"smtpsim/sim/mailbox"
	"smtpsim/sim/scenario"
)

// Mailboxes is a host's message store: its delivery agent files into it, its POP3 and
// IMAP servers log in to it. A mailbox is named by its user's login name
// (scenario.User.LoginName).
type Mailboxes interface {
	mailbox.Store
	// Deliver files msg into user's mailbox and returns its UID; the error wraps
	// mailbox.ErrNoSuchUser or mailbox.ErrQuotaExceeded when one of them is why.
	Deliver(user string, msg []byte) (uint32, error)
	// Count returns how many messages user's mailbox holds and their octets; ok is
	// false when user has no mailbox.
	Count(user string) (messages, octets int, ok bool)
}

// Store keeps a host's mail outside the world, for a world that runs alongside real
// clients: smtpsim bridge keeps its built-in world's mail as files. The host files its
// users' mail into the store, as it would into its own mailboxes, and the world's
// network ends at the host: a queued message for another domain is handed to Outbound
// instead of being sent on.
type Store interface {
	Mailboxes
	// Outbound keeps a message for rcpt, a recipient the world cannot reach, and says
	// where it went, for the trace. An error defers the recipient to the queue's next
	// attempt.
	Outbound(from, rcpt string, msg []byte) (where string, err error)
}

// QueueNumbers is what a Store implements to number the host's accepted messages
// itself, so that queue ids stay unique across restarts of a world whose mail outlives
// it (RFC 5321 §4.4: the id in Received: and in the 250 names one message).
type QueueNumbers interface {
	NextQueueNumber() uint32
}

// SetStore has host keep its mail in s instead of the world's memory. It must be called
// before the world runs; s must hold a mailbox for every user of the host's domains.
func (w *World) SetStore(hostName string, s Store) error {
	h, ok := w.byName[lower(hostName)]
	if !ok {
		return fmt.Errorf("no host %q in this world", hostName)
	}
	h.store, h.outside = s, s
	return nil
}

// mailboxOf returns the scenario user whose mailbox on this host receives mail for
// addr, if there is one.
func (h *host) mailboxOf(addr string) (*scenario.User, bool) {
	if !h.cfg.Has(scenario.RoleMX) {
		return nil, false
	}
	u, ok := h.w.sc.User(addr)
	if !ok || !h.cfg.Serves(scenario.Domain(u.Address)) {
		return nil, false
	}
	return u, true
}

// userByLogin returns the user who logs in as name.
func (w *World) userByLogin(name string) (*scenario.User, bool) {
	for i := range w.sc.Users {
		if equalFold(w.sc.Users[i].LoginName(), name) {
			return &w.sc.Users[i], true
		}
	}
	return nil, false
}
