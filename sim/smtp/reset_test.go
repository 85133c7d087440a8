package smtp_test

import (
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"smtpsim/sim/smtp"
)

// conversed is everything a conversation left, to compare engines by.
type conversed struct {
	writes     []string
	replies    []string // what the server sent, greeting first
	results    [][]smtp.Result
	extensions map[string]string
	secure     bool
	session    smtp.Session
	delivered  []smtp.Envelope
}

// converseWith runs tt between cli and srv, fresh or Reset for it.
func converseWith(t *testing.T, tt conversation, cli *smtp.Client, srv *smtp.Server, pol *testPolicy) conversed {
	t.Helper()
	writes, replies := pumpBoth(t, cli, srv)
	return conversed{writes: writes, replies: replies, results: cli.Results(), extensions: cli.Extensions(), secure: cli.Secure(),
		session: *srv.Session(), delivered: pol.delivered}
}

// setUp returns the test's policy and the configurations tt asks for.
func setUp(tt conversation) (*testPolicy, smtp.Config, smtp.ClientConfig) {
	pol := newTestPolicy()
	if tt.policy != nil {
		tt.policy(pol)
	}
	tt.scfg.Hostname = "mx.example.org"
	return pol, tt.scfg, tt.ccfg
}

// abandon leaves both engines in the middle of a conversation: some rounds of tt, then
// half a command at the server and half a reply at the client.
func abandon(cli *smtp.Client, srv *smtp.Server, rounds int) {
	in := srv.Greeting().Wire()
	for range rounds {
		out := cli.Feed(in)
		if cli.Done() || srv.Done() {
			break
		}
		in = nil
		for _, r := range srv.Feed(out) {
			in = append(in, r.Wire()...)
		}
	}
	srv.Feed([]byte("MAIL FROM:<half@example.org"))
	cli.Feed([]byte("250-mx.example.org\r\n250-SIZE 1"))
}

// TestResetEnginesAreAsNew: a client and a server engine Reset for a connection
// behave as new ones do, whatever the connection before them left, finished or not:
// the same octets, the same results, the same session and the same messages.
func TestResetEnginesAreAsNew(t *testing.T) {
	cases := conversations()
	var cli *smtp.Client
	var srv *smtp.Server
	for i, tt := range cases {
		t.Run(tt.name, func(t *testing.T) {
			pol, scfg, ccfg := setUp(tt)
			want := converseWith(t, tt, smtp.NewClient(ccfg, tt.txs...), smtp.NewServer(scfg, pol, "192.0.2.7:1"), pol)

			if cli == nil {
				cli, srv = smtp.NewClient(ccfg, tt.txs...), smtp.NewServer(scfg, newTestPolicy(), "192.0.2.9:2")
			}
			// The engines ran the case before to its end; now they start the one
			// after and are left in its middle.
			next := cases[(i+1)%len(cases)]
			npol, nscfg, nccfg := setUp(next)
			cli.Reset(nccfg, next.txs...)
			srv.Reset(nscfg, npol, "192.0.2.9:2")
			abandon(cli, srv, 1+i%4)

			pol, scfg, ccfg = setUp(tt)
			cli.Reset(ccfg, tt.txs...)
			srv.Reset(scfg, pol, "192.0.2.7:1")
			got := converseWith(t, tt, cli, srv, pol)
			require.Equal(t, want, got)
			assert.Equal(t, tt.want != nil, len(got.results) > 0)
		})
	}
}

// TestResetKeepsNoResults: the results of a connection are read before its client
// engine is Reset; the next connection's start out pending, one per recipient.
func TestResetKeepsNoResults(t *testing.T) {
	cases := conversations()
	pol, scfg, ccfg := setUp(cases[0])
	cli := smtp.NewClient(ccfg, cases[0].txs...)
	pump(t, cli, smtp.NewServer(scfg, pol, "192.0.2.7:1"))
	require.Equal(t, smtp.Accepted, cli.Results()[0][0].Outcome)

	cli.Reset(smtp.ClientConfig{}, smtp.Transaction{From: "a@example.org", To: []string{"b@example.org", "c@example.org"}})
	assert.Equal(t, [][]smtp.Result{{{Rcpt: "b@example.org"}, {Rcpt: "c@example.org"}}}, cli.Results())
	assert.Nil(t, cli.Extensions(), "no EHLO reply yet")
	assert.False(t, cli.Secure())
	assert.False(t, cli.Done())
}

// A transaction whose message was Prepared goes out as one with the message as Data,
// octet for octet, and leaves the prepared octets as they were: several engines
// share them.
func TestPreparedIsData(t *testing.T) {
	for _, tt := range conversations() {
		t.Run(tt.name, func(t *testing.T) {
			pol, scfg, ccfg := setUp(tt)
			want := converseWith(t, tt, smtp.NewClient(ccfg, tt.txs...), smtp.NewServer(scfg, pol, "192.0.2.7:1"), pol)

			prepared := slices.Clone(tt.txs)
			var wires [][]byte
			for i := range prepared {
				prepared[i].Prepared = smtp.Prepare(prepared[i].Data)
				prepared[i].Data = nil // not read
				wires = append(wires, slices.Clone(smtp.Stuff(tt.txs[i].Data)))
			}
			pol, scfg, ccfg = setUp(tt)
			first := converseWith(t, tt, smtp.NewClient(ccfg, prepared...), smtp.NewServer(scfg, pol, "192.0.2.7:1"), pol)
			pol, scfg, ccfg = setUp(tt)
			second := converseWith(t, tt, smtp.NewClient(ccfg, prepared...), smtp.NewServer(scfg, pol, "192.0.2.7:1"), pol)
			require.Equal(t, want, first)
			require.Equal(t, want, second, "a second engine sends the same prepared message")
			for i, tx := range prepared {
				got := pump(t, smtp.NewClient(smtp.ClientConfig{}, smtp.Transaction{From: "a@example.org", To: []string{"bob@example.org"}, Prepared: tx.Prepared}),
					smtp.NewServer(smtp.Config{}, newTestPolicy(), "192.0.2.7:1"))
				assert.Contains(t, got, string(wires[i])+".\r\n", "the message as Stuff writes it, then the dot")
			}
		})
	}
}

// TestWritesStayUntilReset: the commands a client Feed returned are its own room,
// which Reset gives to the next connection (Client.written); until then nothing is
// written over them, neither by the engine's next commands nor by a caller that
// appends to one. Every client/server case, on a client Reset from the case before.
func TestWritesStayUntilReset(t *testing.T) {
	cases := conversations()
	cli := smtp.NewClient(smtp.ClientConfig{})
	for _, tt := range cases {
		t.Run(tt.name, func(t *testing.T) {
			pol, scfg, ccfg := setUp(tt)
			cli.Reset(ccfg, tt.txs...)
			srv := smtp.NewServer(scfg, pol, "192.0.2.7:1")
			var handed [][]byte
			var copies []string
			in := srv.Greeting().Wire()
			for i := 0; !cli.Done(); i++ {
				require.Less(t, i, 10000, "conversation does not end")
				out := cli.Feed(in)
				if len(out) == 0 {
					break
				}
				handed, copies = append(handed, out), append(copies, string(out))
				_ = append(out, "XXXXXXXXXXXXXXXX\r\n"...) // a caller's append must copy
				in = nil
				for _, r := range srv.Feed(out) {
					in = append(in, r.Wire()...)
				}
				if srv.Done() && len(in) == 0 && !cli.Done() {
					cli.Lost(true)
				}
			}
			for _, out := range handed {
				_ = append(out, "XXXXXXXXXXXXXXXX\r\n"...) // later, too, when the next commands were written
			}
			for i := range handed {
				assert.Equal(t, copies[i], string(handed[i]), "write %d", i)
			}
		})
	}
}
