package world

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"smtpsim/sim/scenario"
	"smtpsim/sim/smtp"
)

// A queue id is written as fmt's %04X%04X wrote it, without fmt.
func TestAppendHex4IsFmt(t *testing.T) {
	for _, n := range []uint32{0, 1, 0xf, 0x10, 0xabc, 0xffff, 0x10000, 0x12345678, 0xffffffff} {
		assert.Equal(t, fmt.Sprintf("%04X", n), string(appendHex4(nil, n)), "%d", n)
		assert.Equal(t, fmt.Sprintf("x%04X%04X", n&0xffff, n), string(appendHex4(appendHex4([]byte("x"), n&0xffff), n)), "%d", n)
	}
}

// isAddr tells a path's string without writing it out.
func TestIsAddr(t *testing.T) {
	paths := []smtp.Path{{Local: "bob", Domain: "example.org"}, {Local: "Postmaster"}, {}, {Local: "b", Domain: "ob@example.org"},
		{Local: "bob@example", Domain: "org"}, {Local: "bob", Domain: "example.or"}}
	for _, p := range paths {
		for _, q := range paths {
			assert.Equal(t, p.String() == q.String(), isAddr(p.String(), q), "%q as %+v", p.String(), q)
		}
	}
	assert.True(t, sameAddrs([]string{"bob@example.org", "Postmaster"}, paths[:2]))
	assert.False(t, sameAddrs([]string{"bob@example.org"}, paths[:2]))
	assert.False(t, sameAddrs([]string{"Postmaster", "bob@example.org"}, paths[:2]))
}

// A server engine writes its replies' octets over only when every batch it made was
// given back: a batch still on its way keeps its octets.
func TestServedKeepsOctetsOnTheWay(t *testing.T) {
	e := &served[smtp.Reply]{s: smtp.NewServer(smtp.Config{Hostname: "mx.example.org"}, &smtp.Accept{}, "192.0.2.1")}
	wire := func(outs []out) string {
		var b []byte
		for _, o := range outs {
			b = append(b, o.Wire...)
		}
		return string(b)
	}
	greeting := e.greet()
	want := wire(greeting)
	assert.Equal(t, "220 mx.example.org ESMTP smtpsim\r\n", want)
	ehlo := e.feed([]byte("EHLO a.example\r\n")) // the greeting is not given back
	assert.Equal(t, want, wire(greeting), "a batch on its way keeps its octets")
	wantEhlo := wire(ehlo)
	e.reuse(greeting) // one of two given back
	noop := e.feed([]byte("HELO b.example\r\n"))
	assert.Equal(t, wantEhlo, wire(ehlo), "a batch on its way keeps its octets")
	e.reuse(ehlo)
	e.reuse(noop)
	assert.Equal(t, "250 mx.example.org\r\n", wire(e.feed([]byte("HELO c.example\r\n"))))
}

// An SMTP engine whose connection ended gives its buffers to the next connection's
// engine only when no batch of its replies is still on its way; the next engine
// finds them empty and writes its own replies into them.
func TestServedGivesBuffersBackWhenNothingTravels(t *testing.T) {
	tests := []struct {
		name     string
		giveBack bool // every batch was given back before the end
	}{
		{"all batches back", true},
		{"a batch on its way", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var pool spares
			newServed := func() *served[smtp.Reply] {
				return &served[smtp.Reply]{s: smtp.NewServer(smtp.Config{Hostname: "mx.example.org"}, &smtp.Accept{}, "192.0.2.1"), spares: &pool}
			}
			first := newServed()
			greeting := first.greet()
			if tt.giveBack {
				first.reuse(greeting)
			}
			first.giveBack()
			if !tt.giveBack {
				assert.Empty(t, pool.outs)
				assert.Empty(t, pool.bytes)
				assert.Equal(t, "220 mx.example.org ESMTP smtpsim\r\n", string(greeting[0].Wire), "the batch on its way keeps its octets")
				return
			}
			require.Len(t, pool.outs, 1)
			require.Len(t, pool.bytes, 1)
			assert.Equal(t, out{}, greeting[:1][0], "the answers given back are cleared")
			second := newServed()
			outs := second.feed([]byte("HELO b.example\r\n"))
			assert.Same(t, &greeting[:1][0], &outs[0], "the next engine writes into the same answers")
			assert.Equal(t, "250 mx.example.org\r\n", string(outs[0].Wire))
			assert.Empty(t, pool.outs)
			assert.Empty(t, pool.bytes)
		})
	}
}

// An ended connection gives its SMTP engines to the next, unless a batch of the
// server's replies is still on its way (the step holds the engine's answers) or the
// client is not the world's (the console's).
func TestEnginesGoToTheNextConnection(t *testing.T) {
	tests := []struct {
		name        string
		spareClient bool
		inFlight    bool
		clients     int
		servers     int
	}{
		{"both the world's, nothing on its way", true, false, 1, 1},
		{"a batch on its way", true, true, 1, 0},
		{"a client not the world's", false, false, 0, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := New(scenario.Scenario{Hosts: []scenario.Host{{Name: "mx.example.org", IP: "192.0.2.10", Roles: []scenario.Role{scenario.RoleMX}, Domains: []string{"example.org"}}}})
			pool := &w.spares
			cli := pool.client(smtp.ClientConfig{Hostname: "a.example"}, smtp.Transaction{From: "a@a.example", To: []string{"b@b.example"}})
			c := &conn{w: w, server: w.hosts[0], port: 25, proto: "smtp", cli: cli, spareClient: tt.spareClient}
			c.srv = c.server.serverFor(c, "192.0.2.1")
			e := c.smtpServed
			require.NotNil(t, e)
			greeting := e.served.greet()
			if !tt.inFlight {
				e.served.reuse(greeting)
			}
			pool.giveEngines(c)
			require.Len(t, pool.clients, tt.clients)
			require.Len(t, pool.servers, tt.servers)
			if tt.servers == 0 {
				assert.Same(t, &e.served, c.srv, "the connection keeps its engine")
				assert.Equal(t, "220 mx.example.org ESMTP smtpsim\r\n", string(greeting[0].Wire), "the batch on its way keeps its octets")
				return
			}
			assert.Nil(t, c.srv, "an engine given away is no longer the connection's")
			assert.Equal(t, serverPolicy{}, e.policy, "the policy holds nothing of the connection")
			assert.Same(t, e, pool.server(), "the next connection gets the engine")
			if tt.clients == 1 {
				next := pool.client(smtp.ClientConfig{}, smtp.Transaction{To: []string{"c@c.example"}})
				assert.Same(t, cli, next, "the next connection gets the client")
				assert.Equal(t, [][]smtp.Result{{{Rcpt: "c@c.example"}}}, next.Results(), "Reset for its transaction")
			}
		})
	}
}

// The world writes an address out as Path.String does, and an address it was given
// before costs nothing: it is the string written the first time.
func TestAddrIsPathString(t *testing.T) {
	w := &World{}
	paths := []smtp.Path{{Local: "bob", Domain: "example.org"}, {Local: "Postmaster"}, {}, {Local: "b", Domain: "ob@example.org"},
		{Local: "bob@example", Domain: "org"}, {Local: "BOB", Domain: "Example.org"}, {Local: `"a b"`, Domain: "example.org"}}
	for _, p := range paths {
		assert.Equal(t, p.String(), w.addr(p), "%+v", p)
	}
	for _, p := range paths {
		assert.Equal(t, p.String(), w.addr(p), "%+v, again", p)
		assert.Zero(t, testing.AllocsPerRun(10, func() { w.addr(p) }), "%+v, again", p)
	}
}
