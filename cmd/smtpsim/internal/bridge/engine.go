package bridge

import "smtpsim/sim/session"

// engine is what a connection loop needs of a sans-IO server engine: octets in,
// octets out, what to say when the client idles too long, and word that the
// connection is gone.
type engine interface {
	start() []byte
	feed(p []byte) []byte
	timeout() []byte
	done() bool
	close()
}

// served runs any protocol engine on a socket.
type served[R session.Response] struct{ s session.Server[R] }

func (e served[R]) start() []byte        { return wires([]R{e.s.Greeting()}) }
func (e served[R]) feed(p []byte) []byte { return wires(e.s.Feed(p)) }
func (e served[R]) timeout() []byte      { return wires(e.s.Timeout()) }
func (e served[R]) done() bool           { return e.s.Done() }
func (e served[R]) close()               {}

func wires[R session.Response](rs []R) []byte {
	var out []byte
	for _, r := range rs {
		out = append(out, r.Answer().Wire...)
	}
	return out
}
