package bridge

import (
	"io"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A client that trickles a byte now and then, never finishing a line, loses its slot
// once the line timer runs out: the timer is not renewed by each octet.
func TestSlowlorisLosesItsSlot(t *testing.T) {
	b := startBridge(t, func(c *Config) { c.SMTPIdle = 300 * time.Millisecond })
	c, r, _ := dial(t, b.Addr("smtp"))
	stop := make(chan struct{})
	defer close(stop)
	go func() {
		for _, ch := range []byte(strings.Repeat("NOOP", 1000)) {
			select {
			case <-stop:
				return
			case <-time.After(50 * time.Millisecond):
			}
			if _, err := c.Write([]byte{ch}); err != nil {
				return
			}
		}
	}()
	start := time.Now()
	line, err := r.ReadString('\n')
	require.NoError(t, err)
	assert.Equal(t, "421 4.4.2 mx.example.org Error: timeout exceeded\r\n", line)
	assert.Less(t, time.Since(start), 3*time.Second)
}

// Complete lines keep a connection, but not beyond the session limit.
func TestSessionLimit(t *testing.T) {
	b := startBridge(t, func(c *Config) { c.SMTPIdle, c.MaxSession = 10*time.Second, 300*time.Millisecond })
	c, r, _ := dial(t, b.Addr("smtp"))
	for {
		_, err := c.Write([]byte("NOOP\r\n"))
		require.NoError(t, err)
		line, err := r.ReadString('\n')
		require.NoError(t, err)
		if !strings.HasPrefix(line, "250 ") {
			assert.Equal(t, "421 4.4.2 mx.example.org Error: timeout exceeded\r\n", line)
			break
		}
		time.Sleep(20 * time.Millisecond) // a client that keeps talking
	}
	_, err := r.ReadByte()
	assert.Error(t, err, "closed after the 421")
}

// Each protocol has its own autologout timer, with the RFCs' values by default.
func TestTimersPerProtocol(t *testing.T) {
	var cfg Config
	cfg.defaults()
	assert.Equal(t, 5*time.Minute, cfg.idle("smtp"))
	assert.Equal(t, 5*time.Minute, cfg.idle("submission"))
	assert.Equal(t, 10*time.Minute, cfg.idle("pop3"))
	assert.Equal(t, 30*time.Minute, cfg.idle("imap"))
	assert.Equal(t, time.Hour, cfg.MaxSession)

	b := startBridge(t, func(c *Config) {
		c.SMTPIdle, c.POP3Idle, c.IMAPIdle = 10*time.Second, 100*time.Millisecond, 200*time.Millisecond
	})
	_, pop, _ := dial(t, b.Addr("pop3"))
	_, imap, _ := dial(t, b.Addr("imap"))
	smtp, smtpR, _ := dial(t, b.Addr("smtp"))
	_, err := pop.ReadString('\n')
	assert.ErrorIs(t, err, io.EOF, "POP3 closes without a word (RFC 1939 §3)")
	line, err := imap.ReadString('\n')
	require.NoError(t, err)
	assert.True(t, strings.HasPrefix(line, "* BYE"), line)
	_, err = smtp.Write([]byte("NOOP\r\n"))
	require.NoError(t, err)
	line, err = smtpR.ReadString('\n')
	require.NoError(t, err)
	assert.True(t, strings.HasPrefix(line, "250 "), "SMTP's timer is its own: %s", line)
}

// slowLog holds up the world's loop while it shows the 221, as a busy world would:
// the closing connection cannot finish until then.
type slowLog struct{}

func (slowLog) Write(p []byte) (int, error) {
	if strings.Contains(string(p), "221 ") {
		time.Sleep(150 * time.Millisecond)
	}
	return len(p), nil
}

// A client that reconnects right after 221 finds its slot free, however long the old
// connection takes to wind down.
func TestReconnectAfterQuit(t *testing.T) {
	b := startBridge(t, func(c *Config) { c.MaxConns, c.Log = 1, slowLog{} })
	for i := range 2 {
		c, r, greeting := dial(t, b.Addr("smtp"))
		require.True(t, strings.HasPrefix(greeting, "220 "), "connection %d: %s", i, greeting)
		_, err := c.Write([]byte("QUIT\r\n"))
		require.NoError(t, err)
		line, err := r.ReadString('\n')
		require.NoError(t, err)
		require.True(t, strings.HasPrefix(line, "221 "), line)
	}
}

// TestStartRefusesSpeedsThatSpin: a speed the loop cannot wait with (NaN, zero after
// the default, tiny, huge) is refused by the package itself, not only by the CLI.
func TestStartRefusesSpeedsThatSpin(t *testing.T) {
	for _, speed := range []float64{math.NaN(), math.Inf(1), -1, 1e-300, 2e6} {
		_, err := startSim(Config{Sim: &Sim{Speed: speed}})
		assert.ErrorContains(t, err, "speed", "speed %v", speed)
	}
}
