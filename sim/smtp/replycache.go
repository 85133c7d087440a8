package smtp

// ReplyCache holds replies by their octets as a server sent them, for the clients
// that share it (ClientConfig.Replies). A world of hosts greets its clients and
// answers their EHLO with the same lines at every connection; a client given the
// cache reads such a reply into strings once, not at every connection, and the
// extensions of an EHLO reply once. Clients keep there only their greetings and
// EHLO replies (replies with values that differ each time, a queue id, would only
// fill it), at most maxCachedReplies. The replies' lines and extensions are shared
// and must not be written to. Not safe for concurrent use.
type ReplyCache struct {
	byWire map[string]*cachedReply
}

// cachedReply is a reply as read, with what a client read from it.
type cachedReply struct {
	reply Reply
	// ext is the extensions of an EHLO reply, nil until the first client that
	// received it as one has read them.
	ext []extension
}

// maxCachedReplies bounds a ReplyCache: replies after it are read as without one.
const maxCachedReplies = 4096

// find returns the entry of the reply whose octets are wire, or nil.
func (c *ReplyCache) find(wire []byte) *cachedReply {
	if c == nil {
		return nil
	}
	return c.byWire[string(wire)] // a lookup by a []byte key does not allocate
}

// keep adds r, read from wire, while c has room, and returns its entry (nil without).
func (c *ReplyCache) keep(wire string, r Reply) *cachedReply {
	if c == nil || len(c.byWire) >= maxCachedReplies {
		return nil
	}
	if c.byWire == nil {
		c.byWire = make(map[string]*cachedReply)
	}
	e := &cachedReply{reply: r}
	c.byWire[wire] = e
	return e
}
