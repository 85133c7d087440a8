package bridge

import (
	"bufio"
	"net"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var fixedNow = func() time.Time { return time.Date(2026, 11, 25, 10, 0, 0, 0, time.UTC) }

func startBridge(t *testing.T, mutate func(*Config)) *Bridge {
	t.Helper()
	cfg := Config{SMTP: "127.0.0.1:0", Submission: "127.0.0.1:0", POP3: "127.0.0.1:0", IMAP: "127.0.0.1:0", Store: t.TempDir(), Now: fixedNow}
	if mutate != nil {
		mutate(&cfg)
	}
	b, err := Start(cfg)
	require.NoError(t, err)
	t.Cleanup(b.Close)
	return b
}

// dial connects and reads the greeting line.
func dial(t *testing.T, addr string) (net.Conn, *bufio.Reader, string) {
	t.Helper()
	c, err := net.DialTimeout("tcp", addr, 5*time.Second)
	require.NoError(t, err)
	t.Cleanup(func() { c.Close() })
	require.NoError(t, c.SetDeadline(time.Now().Add(10*time.Second)))
	r := bufio.NewReader(c)
	line, err := r.ReadString('\n')
	require.NoError(t, err)
	return c, r, line
}

func TestConnectionLimit(t *testing.T) {
	b := startBridge(t, func(c *Config) { c.MaxConns = 1 })
	_, _, first := dial(t, b.Addr("smtp"))
	assert.True(t, strings.HasPrefix(first, "220 "), first)
	_, r, second := dial(t, b.Addr("smtp"))
	assert.Equal(t, "421 4.7.0 mx.example.org Error: too many connections, try again later\r\n", second)
	_, err := r.ReadByte()
	assert.Error(t, err, "the refused connection is closed")
	_, _, pop := dial(t, b.Addr("pop3"))
	assert.True(t, strings.HasPrefix(pop, "+OK"), "limits are per service: %s", pop)
}

func TestIdleTimeout(t *testing.T) {
	b := startBridge(t, func(c *Config) { c.SMTPIdle = 100 * time.Millisecond })
	_, r, _ := dial(t, b.Addr("smtp"))
	line, err := r.ReadString('\n') // the server speaks first once the client idles
	require.NoError(t, err)
	assert.Equal(t, "421 4.4.2 mx.example.org Error: timeout exceeded\r\n", line)
	_, err = r.ReadByte()
	assert.Error(t, err, "closed after the 421")
}

func TestMessageSizeBound(t *testing.T) {
	b := startBridge(t, func(c *Config) { c.MaxSize = 2000 })
	c, r, _ := dial(t, b.Addr("smtp"))
	send := func(s string) {
		_, err := c.Write([]byte(s))
		require.NoError(t, err)
	}
	replies := func(n int) []string {
		var out []string
		for len(out) < n {
			line, err := r.ReadString('\n')
			require.NoError(t, err)
			if len(line) > 3 && line[3] == '-' {
				continue
			}
			out = append(out, strings.TrimRight(line, "\r\n"))
		}
		return out
	}
	send("EHLO x\r\nMAIL FROM:<a@b.example> SIZE=5000\r\n")
	got := replies(2)
	assert.Equal(t, "552 5.3.4 Message size exceeds fixed limit", got[1])
	send("MAIL FROM:<a@b.example>\r\nRCPT TO:<bob@example.org>\r\nDATA\r\n")
	assert.Equal(t, []string{"250 2.1.0 Ok", "250 2.1.5 Ok", "354 End data with <CR><LF>.<CR><LF>"}, replies(3))
	chunk := strings.Repeat("0123456789012345678901234567890123456789\r\n", 100)
	for range 50 { // 210 kB against a 2000-octet limit
		send(chunk)
	}
	send(".\r\nQUIT\r\n")
	assert.Equal(t, []string{"552 5.3.4 Error: message file too big", "221 2.0.0 Bye"}, replies(2))
	files, err := filepath.Glob(filepath.Join(b.Store.dir, "bob", "*.eml"))
	require.NoError(t, err)
	assert.Empty(t, files, "nothing stored")
}

// TestNonLoopbackNeedsPublic: the bridge refuses to face a network by accident.
func TestNonLoopbackNeedsPublic(t *testing.T) {
	_, err := Start(Config{SMTP: "0.0.0.0:0", Store: t.TempDir()})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "--public")
}

func TestDirStoreSurvivesRestart(t *testing.T) {
	dir := t.TempDir()
	s, err := NewDirStore(dir, map[string]string{"bob": "secret"})
	require.NoError(t, err)
	_, err = s.Deliver("bob", []byte("Subject: one\r\n\r\n1\r\n"))
	require.NoError(t, err)
	_, err = s.Deliver("bob", []byte("Subject: two\r\n\r\n2\r\n"))
	require.NoError(t, err)
	_, err = s.Deliver("nobody", []byte("x"))
	require.Error(t, err)

	again, err := NewDirStore(dir, map[string]string{"bob": "secret"})
	require.NoError(t, err)
	box, err := again.Login("BOB", "secret")
	require.NoError(t, err)
	list := box.List()
	require.Len(t, list, 2)
	assert.Equal(t, uint32(3), box.UIDNext())
	data, err := box.Read(list[1].UID)
	require.NoError(t, err)
	assert.Equal(t, "Subject: two\r\n\r\n2\r\n", string(data))
	require.NoError(t, box.Remove(list[0].UID))
	assert.NoFileExists(t, filepath.Join(dir, "bob", "1.eml"))
	_, err = again.Login("bob", "wrong")
	assert.Error(t, err)
}
