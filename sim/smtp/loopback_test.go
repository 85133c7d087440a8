package smtp_test

import (
	"errors"
	"fmt"
	"io"
	"net"
	"sync"
	"testing"
	"time"

	"smtpsim/sim/smtp"
)

// ioTimeout bounds every read and write on a loopback socket in these tests, so that a
// peer that stops talking fails the test instead of hanging it.
const ioTimeout = 10 * time.Second

// loopbackServer runs the server engine on a real 127.0.0.1 listener, one goroutine
// per connection: write the greeting, then read, Feed, write the replies, until the
// engine is done or the client leaves. It is the smallest possible bridge, for tests.
type loopbackServer struct {
	Addr string

	cfg       smtp.Config
	newPolicy func() smtp.Policy
	ln        net.Listener
	wg        sync.WaitGroup
	ended     chan error // one value per finished connection: see serveConn

	mu    sync.Mutex
	conns map[net.Conn]struct{}
}

// serveEngine starts a loopbackServer; newPolicy is called once per connection (return
// one shared Policy if the test wants to look at it afterwards). The server stops when
// the test ends.
func serveEngine(tb testing.TB, cfg smtp.Config, newPolicy func() smtp.Policy) *loopbackServer {
	tb.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		tb.Fatalf("listen: %v", err)
	}
	l := &loopbackServer{
		Addr:      ln.Addr().String(),
		cfg:       cfg,
		newPolicy: newPolicy,
		ln:        ln,
		ended:     make(chan error, 1024),
		conns:     map[net.Conn]struct{}{},
	}
	l.wg.Add(1)
	go l.accept()
	tb.Cleanup(l.close)
	return l
}

func (l *loopbackServer) accept() {
	defer l.wg.Done()
	for {
		conn, err := l.ln.Accept()
		if err != nil {
			return // listener closed
		}
		l.mu.Lock()
		l.conns[conn] = struct{}{}
		l.mu.Unlock()
		l.wg.Add(1)
		go func() {
			defer l.wg.Done()
			err := l.serveConn(conn)
			conn.Close()
			l.mu.Lock()
			delete(l.conns, conn)
			l.mu.Unlock()
			l.ended <- err
		}()
	}
}

// errClientLeft reports a client that closed the connection before the engine was done
// (before QUIT, for instance).
var errClientLeft = errors.New("client closed the connection before the session ended")

// serveConn runs one session. It returns nil when the engine ended the session (QUIT,
// 421), errClientLeft when the client hung up first, or the I/O error.
func (l *loopbackServer) serveConn(conn net.Conn) error {
	srv := smtp.NewServer(l.cfg, l.newPolicy(), conn.RemoteAddr().String())
	if err := writeAll(conn, srv.Greeting().Wire()); err != nil {
		return err
	}
	buf := make([]byte, 32<<10)
	var out []byte
	for !srv.Done() {
		if err := conn.SetReadDeadline(time.Now().Add(ioTimeout)); err != nil {
			return err
		}
		n, err := conn.Read(buf)
		if n > 0 {
			// All replies to one read go out in one write: that is what lets a pipelining
			// client's batch be answered in one packet (RFC 2920 §3.2).
			out = out[:0]
			for _, r := range srv.Feed(buf[:n]) {
				out = r.AppendWire(out)
			}
			if len(out) > 0 {
				if werr := writeAll(conn, out); werr != nil {
					return werr
				}
			}
		}
		if err != nil {
			if srv.Done() {
				return nil
			}
			if errors.Is(err, io.EOF) {
				return errClientLeft
			}
			return err
		}
	}
	return nil
}

// waitConn waits for the next connection to end and returns how it ended. Waiting also
// orders the test after everything the connection's policy did.
func (l *loopbackServer) waitConn(tb testing.TB) error {
	tb.Helper()
	select {
	case err := <-l.ended:
		return err
	case <-time.After(ioTimeout):
		tb.Fatalf("server connection did not end within %v", ioTimeout)
		return nil
	}
}

func (l *loopbackServer) close() {
	l.ln.Close()
	l.mu.Lock()
	for c := range l.conns {
		c.Close()
	}
	l.mu.Unlock()
	l.wg.Wait()
}

// writeAll writes p within ioTimeout.
func writeAll(conn net.Conn, p []byte) error {
	if err := conn.SetWriteDeadline(time.Now().Add(ioTimeout)); err != nil {
		return err
	}
	_, err := conn.Write(p)
	return err
}

// dialLoopback connects to addr within ioTimeout; the connection is closed when the
// test ends.
func dialLoopback(tb testing.TB, addr string) net.Conn {
	tb.Helper()
	conn, err := net.DialTimeout("tcp", addr, ioTimeout)
	if err != nil {
		tb.Fatalf("dial %s: %v", addr, err)
	}
	tb.Cleanup(func() { conn.Close() })
	return conn
}

// transcript records what a client sent and received, for tests that check the order
// of commands.
type transcript struct {
	sent, received []byte
}

// errServerLeft reports a server that closed the connection before the client engine
// was done; the engine has then been told with ConnectionLost.
var errServerLeft = errors.New("server closed the connection before the conversation ended")

// driveClient runs the client engine on conn until it is done: read, Feed, write what
// it returns. It returns nil when the engine finished the conversation, errServerLeft
// (after calling ConnectionLost) when the server hung up first, or the I/O error. tr
// may be nil.
func driveClient(conn net.Conn, c *smtp.Client, tr *transcript) error {
	buf := make([]byte, 32<<10)
	for !c.Done() {
		if err := conn.SetReadDeadline(time.Now().Add(ioTimeout)); err != nil {
			return err
		}
		n, err := conn.Read(buf)
		if n > 0 {
			if tr != nil {
				tr.received = append(tr.received, buf[:n]...)
			}
			out := c.Feed(buf[:n])
			if len(out) > 0 {
				if tr != nil {
					tr.sent = append(tr.sent, out...)
				}
				if werr := writeAll(conn, out); werr != nil {
					return fmt.Errorf("write: %w", werr)
				}
			}
		}
		if err != nil {
			if c.Done() {
				return nil
			}
			if errors.Is(err, io.EOF) {
				c.Lost(true)
				return errServerLeft
			}
			return fmt.Errorf("read: %w", err)
		}
	}
	return nil
}
