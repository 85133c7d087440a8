package world

import (
	"fmt"
	"strings"

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
	u, ok := h.w.userByAddress(addr)
	if !ok || !h.cfg.Serves(scenario.Domain(u.Address)) {
		return nil, false
	}
	return u, true
}

// userByLogin returns the user who logs in as name.
func (w *World) userByLogin(name string) (*scenario.User, bool) {
	w.users.build(w.sc.Users)
	return w.users.find(w.sc.Users, w.users.byLogin, loginKey(name), func(u *scenario.User) bool { return equalFold(u.LoginName(), name) })
}

// userByAddress returns the user whose address is addr, as scenario.User does.
func (w *World) userByAddress(addr string) (*scenario.User, bool) {
	w.users.build(w.sc.Users)
	return w.users.find(w.sc.Users, w.users.byAddress, lower(addr), func(u *scenario.User) bool { return strings.EqualFold(u.Address, addr) })
}

// userIndex finds users by login name and address without a walk through all of them
// on every delivery: a bulk world has thousands.
type userIndex struct {
	byLogin, byAddress map[string]int // key → index of the first user with it
	unicode            bool           // some name is not ASCII: lower case alone may not find it
}

func loginKey(name string) string { return lower(strings.TrimSuffix(name, ".")) }

func (x *userIndex) build(users []scenario.User) {
	if x.byLogin != nil {
		return
	}
	x.byLogin, x.byAddress = map[string]int{}, map[string]int{}
	for i := range users {
		x.unicode = x.unicode || !isASCII(users[i].LoginName()) || !isASCII(users[i].Address)
		if _, ok := x.byLogin[loginKey(users[i].LoginName())]; !ok {
			x.byLogin[loginKey(users[i].LoginName())] = i
		}
		if _, ok := x.byAddress[lower(users[i].Address)]; !ok {
			x.byAddress[lower(users[i].Address)] = i
		}
	}
}

// find looks key up. With names that are not ASCII a miss walks the users with
// match: Unicode case folding is more than lower case (the Kelvin sign folds to k).
func (x *userIndex) find(users []scenario.User, index map[string]int, key string, match func(*scenario.User) bool) (*scenario.User, bool) {
	if i, ok := index[key]; ok {
		return &users[i], true
	}
	if !x.unicode && isASCII(key) {
		return nil, false
	}
	for i := range users {
		if match(&users[i]) {
			return &users[i], true
		}
	}
	return nil, false
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}
