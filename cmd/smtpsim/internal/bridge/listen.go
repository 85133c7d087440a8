package bridge

import (
	"bytes"
	"crypto/tls"
	"errors"
	"net"
	"os"
	"sync"
	"time"
)

// engine is what a connection loop needs of the server behind it: octets in, octets
// out, what to say when the client idles too long, and word that the connection is
// gone. The world's servers are one (simEngine).
type engine interface {
	start() []byte
	feed(p []byte) []byte
	timeout() []byte
	startsTLS() bool // the server has just agreed to STARTTLS/STLS: run the handshake
	secured(how string)
	done() bool
	close()
}

// notifier is an engine whose client may hear news between its own requests: an IMAP
// server whose client idles (RFC 9051 §6.3.13). wake's channel closes when the world
// may have changed a mailbox store; news then says what to write to the client at once
// (often nothing). The connection loop waits on both the socket and wake.
type notifier interface {
	wake() <-chan struct{}
	news() []byte
}

// service runs one protocol on one listener: a goroutine per connection, at most
// maxConns at once. A connection is closed when a complete line does not arrive within
// idle (the protocol's autologout timer), counted from the end of the line before it,
// not renewed by every octet, so that a client trickling a byte now and then cannot
// keep its slot; and when it has lasted session, whatever it does.
type service struct {
	name      string
	about     string // what the service is, for the start-up message
	newEngine func(remote net.Addr) (engine, error)
	busy      []byte // sent to a client over the connection limit before closing
	maxConns  int
	idle      time.Duration // a complete line must arrive within it
	session   time.Duration // the longest a connection may last
	logf      func(format string, args ...any)
	tls       *tls.Config // nil: no real TLS (see tls.go)
	implicit  bool        // TLS from the first octet (RFC 8314)

	ln    net.Listener
	mu    sync.Mutex
	conns map[net.Conn]bool
	wg    sync.WaitGroup
}

// writeTimeout bounds a write to a client that does not read.
const writeTimeout = 30 * time.Second

func (svc *service) serve() {
	defer svc.wg.Done()
	slots := make(chan struct{}, svc.maxConns)
	for {
		conn, err := svc.ln.Accept()
		if err != nil {
			if errors.Is(err, net.ErrClosed) {
				return
			}
			svc.logf("%s: accept: %v", svc.name, err)
			continue
		}
		select {
		case slots <- struct{}{}:
		default:
			svc.logf("%s %s: refused, %d connections already", svc.name, conn.RemoteAddr(), svc.maxConns)
			_ = conn.SetWriteDeadline(time.Now().Add(time.Second))
			_, _ = conn.Write(svc.busy)
			_ = conn.Close()
			continue
		}
		if !svc.track(conn) {
			<-slots
			_ = conn.Close()
			return
		}
		svc.wg.Add(1)
		go func() {
			// The slot is free once the session has ended, before the socket closes:
			// a client that reconnects right after 221 must not find it still held.
			var once sync.Once
			release := func() { once.Do(func() { <-slots }) }
			defer svc.wg.Done()
			defer svc.untrack(conn)
			defer release()
			svc.handle(conn, release)
		}()
	}
}

// track records an open connection; it fails once the service is closing.
func (svc *service) track(c net.Conn) bool {
	svc.mu.Lock()
	defer svc.mu.Unlock()
	if svc.conns == nil {
		return false
	}
	svc.conns[c] = true
	return true
}

func (svc *service) untrack(c net.Conn) {
	svc.mu.Lock()
	defer svc.mu.Unlock()
	delete(svc.conns, c)
	_ = c.Close()
}

// handle runs one connection: the engine decides everything, this loop only moves
// octets and keeps the clocks. release frees the connection's slot; it is called
// before the last reply goes out.
func (svc *service) handle(conn net.Conn, release func()) {
	if svc.implicit {
		tc, err := svc.secure(conn)
		if err != nil {
			svc.logf("%s %s: %v", svc.name, conn.RemoteAddr(), err)
			release()
			return
		}
		conn = tc
	}
	defer func() { closeTLS(conn) }() // conn may have become TLS
	e, err := svc.newEngine(conn.RemoteAddr())
	if err != nil {
		svc.logf("%s %s: %v", svc.name, conn.RemoteAddr(), err)
		return
	}
	defer e.close()
	if svc.implicit {
		e.secured(describeTLS(conn))
	}
	write := func(p []byte) bool {
		if len(p) == 0 {
			return true
		}
		_ = conn.SetWriteDeadline(time.Now().Add(writeTimeout))
		_, err := conn.Write(p)
		return err == nil
	}
	if !write(e.start()) {
		return
	}
	end := time.Now().Add(svc.session)
	nextLine := func() time.Time {
		if t := time.Now().Add(svc.idle); t.Before(end) {
			return t
		}
		return end
	}
	deadline := nextLine()
	// A reader goroutine does the blocking reads, one at a time and only when asked
	// (next), so that this loop can also wait for news, and owns the connection alone
	// again around a TLS handshake. The read deadline stays on the socket.
	type result struct {
		n   int
		err error
	}
	buf := make([]byte, 32*1024)
	next, reads := make(chan net.Conn), make(chan result, 1)
	svc.wg.Add(1)
	go func() {
		defer svc.wg.Done()
		for c := range next {
			n, err := c.Read(buf)
			reads <- result{n, err} // buffered: sent even once the loop has returned
		}
	}()
	defer close(next)
	notes, _ := e.(notifier)
	var wake <-chan struct{} // nil, never ready, without a notifier
	if notes != nil {
		wake = notes.wake()
	}
	for !e.done() {
		_ = conn.SetReadDeadline(deadline)
		next <- conn
		var r result
	wait:
		for {
			select {
			case r = <-reads:
				break wait
			case <-wake:
				wake = notes.wake() // before news: a change while it runs wakes us again
				if !write(notes.news()) {
					return
				}
			}
		}
		n, err := r.n, r.err
		if n > 0 {
			out := e.feed(buf[:n])
			if e.done() {
				release()
			}
			if !write(out) {
				return
			}
			if bytes.IndexByte(buf[:n], '\n') >= 0 {
				deadline = nextLine() // a line ended: the next one has the whole timer
			}
		}
		if n > 0 && e.startsTLS() && svc.tls != nil {
			tc, err := svc.secure(conn)
			if err != nil {
				svc.logf("%s %s: %v", svc.name, conn.RemoteAddr(), err)
				return
			}
			conn = tc
			e.secured(describeTLS(conn))
			continue
		}
		if err != nil {
			if errors.Is(err, os.ErrDeadlineExceeded) {
				if time.Now().Before(end) {
					svc.logf("%s %s: no complete line for %s, closing", svc.name, conn.RemoteAddr(), svc.idle)
				} else {
					svc.logf("%s %s: session longer than %s, closing", svc.name, conn.RemoteAddr(), svc.session)
				}
				release()
				write(e.timeout())
			}
			return
		}
	}
}

// close stops accepting, closes every open connection and waits for the goroutines.
func (svc *service) close() {
	_ = svc.ln.Close()
	svc.mu.Lock()
	for c := range svc.conns {
		_ = c.Close()
	}
	svc.conns = nil
	svc.mu.Unlock()
	svc.wg.Wait()
}
