package smtp

import (
	"maps"
	"slices"
)

// CachedWires returns the octets of the replies c holds, sorted.
func CachedWires(c *ReplyCache) []string { return slices.Sorted(maps.Keys(c.byWire)) }

// HelloRepliesHeld is the number of EHLO replies h holds.
func HelloRepliesHeld(h *HelloReplies) int { return h.n }
