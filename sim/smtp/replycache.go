package smtp

// ReplyCache holds replies by their octets as a server sent them, for the clients
// that share it (ClientConfig.Replies). A world of hosts greets its clients and
// answers their EHLO with the same lines at every connection; a client given the
// cache reads such a reply into strings once, not at every connection. Clients keep
// there only their greetings and EHLO replies (replies with values that differ each
// time, a queue id, would only fill it), at most maxCachedReplies. The replies'
// lines are shared and must not be written to. Not safe for concurrent use.
type ReplyCache struct {
	byWire map[string]Reply
}

// maxCachedReplies bounds a ReplyCache: replies after it are read as without one.
const maxCachedReplies = 4096

// find returns the reply whose octets are wire, if c holds it.
func (c *ReplyCache) find(wire []byte) (Reply, bool) {
	if c == nil {
		return Reply{}, false
	}
	r, ok := c.byWire[string(wire)] // a lookup by a []byte key does not allocate
	return r, ok
}

// keep adds r, read from wire, while c has room.
func (c *ReplyCache) keep(wire string, r Reply) {
	if c == nil || len(c.byWire) >= maxCachedReplies {
		return
	}
	if c.byWire == nil {
		c.byWire = make(map[string]Reply)
	}
	c.byWire[wire] = r
}
