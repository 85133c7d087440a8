package main

import (
	"context"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"smtpsim/cmd/smtpsim/internal/site"
)

// writeTestWeb makes a small web folder and returns its path.
func writeTestWeb(t *testing.T) string {
	t.Helper()
	web := filepath.Join(t.TempDir(), "web")
	require.NoError(t, os.MkdirAll(web, 0o755))
	for name, data := range map[string]string{
		"index.html":   `<!doctype html><link rel="preload" href="main.wasm" as="fetch"><script src="wasm_exec.js"></script>` + strings.Repeat("<p>text</p>", 30),
		"main.wasm":    "\x00asm\x01\x00\x00\x00" + strings.Repeat("code ", 300),
		"wasm_exec.js": strings.Repeat("globalThis.Go = class {};\n", 30),
	} {
		require.NoError(t, os.WriteFile(filepath.Join(web, name), []byte(data), 0o644))
	}
	return web
}

func TestSiteCommand(t *testing.T) {
	web := writeTestWeb(t)
	dist := filepath.Join(filepath.Dir(web), "dist")
	code, out, errOut := runCLI("site", "--in", web, "--out", dist)
	require.Equal(t, 0, code, errOut)
	assert.Regexp(t, `(?m)^main\.[0-9a-f]{12}\.wasm +\d+ +\d+ +\d+ *$`, out)
	assert.Regexp(t, `(?m)^index\.html +\d+`, out)
	assert.Contains(t, out, "3 files in "+dist)
	index, err := os.ReadFile(filepath.Join(dist, "index.html"))
	require.NoError(t, err)
	assert.Regexp(t, `href="main\.[0-9a-f]{12}\.wasm"`, string(index))

	code, out, _ = runCLI("site", "-q", "--in", web, "--out", dist)
	assert.Equal(t, 0, code)
	assert.Empty(t, out)

	code, _, errOut = runCLI("site", "--in", filepath.Join(t.TempDir(), "nothing"), "--out", dist)
	assert.Equal(t, 1, code)
	assert.Contains(t, errOut, "smtpsim site:")
	code, _, errOut = runCLI("site", "--brotli", "12", "--in", web, "--out", dist)
	assert.Equal(t, 1, code)
	assert.Contains(t, errOut, "expected 0 to 11")
	code, _, errOut = runCLI("site", "extra")
	assert.Equal(t, 2, code)
	assert.Contains(t, errOut, `unexpected argument "extra"`)
}

func TestServeErrors(t *testing.T) {
	empty := t.TempDir()
	tests := []struct {
		args []string
		code int
		msg  string
	}{
		{[]string{"serve", "--dir", filepath.Join(empty, "dist")}, 1, "build the site first with `make site`"},
		{[]string{"serve", "--dir", empty}, 1, empty + " has no index.html; build the site first with `make site`"},
		{[]string{"serve", "--addr", "0.0.0.0:8080", "--dir", empty}, 2, `"0.0.0.0:8080" is not a loopback address; add --public`},
		{[]string{"serve", "--addr", "nonsense"}, 2, "bad address"},
		{[]string{"serve", "now"}, 2, `unexpected argument "now"`},
		{[]string{"serve", "--port", "80"}, 2, "flag provided but not defined: -port"},
	}
	for _, tt := range tests {
		code, _, errOut := runCLI(tt.args...)
		assert.Equal(t, tt.code, code, "%v: %s", tt.args, errOut)
		assert.Contains(t, errOut, tt.msg, "%v", tt.args)
	}
	code, out, _ := runCLI("serve", "-h")
	assert.Equal(t, 0, code)
	assert.Empty(t, out)
}

// announcer hands the first thing written to it to a channel: serveSite writes its
// address there once it listens, so the test needs no waiting.
type announcer chan string

func (a announcer) Write(p []byte) (int, error) {
	select {
	case a <- string(p):
	default:
	}
	return len(p), nil
}

func TestServeSite(t *testing.T) {
	web := writeTestWeb(t)
	dist := filepath.Join(filepath.Dir(web), "dist")
	code, _, errOut := runCLI("site", "-q", "--in", web, "--out", dist)
	require.Equal(t, 0, code, errOut)

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	started := make(announcer, 1)
	done := make(chan error, 1)
	go func() { done <- serveSite(ctx, "127.0.0.1:0", dist, false, started, io.Discard) }()
	var line string
	select {
	case line = <-started:
	case err := <-done:
		t.Fatalf("serve ended: %v", err)
	}
	url := regexp.MustCompile(`http://127\.0\.0\.1:\d+/`).FindString(line)
	require.NotEmpty(t, url, line)
	assert.Contains(t, line, dist)

	client := &http.Client{Transport: &http.Transport{DisableCompression: true}}
	res, err := client.Get(url)
	require.NoError(t, err)
	page, err := io.ReadAll(res.Body)
	res.Body.Close()
	require.NoError(t, err)
	assert.Equal(t, http.StatusOK, res.StatusCode)
	assert.Equal(t, site.ContentSecurityPolicy, res.Header.Get("Content-Security-Policy"))
	assert.Equal(t, "no-cache", res.Header.Get("Cache-Control"))

	wasm := regexp.MustCompile(`main\.[0-9a-f]{12}\.wasm`).FindString(string(page))
	require.NotEmpty(t, wasm)
	req, err := http.NewRequest("GET", url+wasm, nil)
	require.NoError(t, err)
	req.Header.Set("Accept-Encoding", "gzip, deflate, br")
	res, err = client.Do(req)
	require.NoError(t, err)
	res.Body.Close()
	assert.Equal(t, "application/wasm", res.Header.Get("Content-Type"))
	assert.Equal(t, "br", res.Header.Get("Content-Encoding"))
	assert.Equal(t, "public, max-age=31536000, immutable", res.Header.Get("Cache-Control"))

	cancel()
	assert.NoError(t, <-done)
	_, err = client.Get(url)
	assert.Error(t, err, "the server has stopped")
}

// TestServeDropsAClientThatDoesNotRead: a client that asks for a large file and never
// reads the answer loses its connection after the write timeout.
func TestServeDropsAClientThatDoesNotRead(t *testing.T) {
	dist := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dist, "index.html"), []byte("<!doctype html>"), 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(dist, "big.bin"), make([]byte, 64<<20), 0o644))
	oldTimeouts, oldState := siteTimeouts, siteConnState
	t.Cleanup(func() { siteTimeouts, siteConnState = oldTimeouts, oldState })
	siteTimeouts.Write = 200 * time.Millisecond
	closed := make(chan struct{}, 1)
	siteConnState = func(_ net.Conn, s http.ConnState) {
		if s == http.StateClosed {
			closed <- struct{}{}
		}
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	started := make(announcer, 1)
	done := make(chan error, 1)
	go func() { done <- serveSite(ctx, "127.0.0.1:0", dist, false, started, io.Discard) }()
	var line string
	select {
	case line = <-started:
	case err := <-done:
		t.Fatalf("serve ended: %v", err)
	}
	addr := regexp.MustCompile(`127\.0\.0\.1:\d+`).FindString(line)
	c, err := net.Dial("tcp", addr)
	require.NoError(t, err)
	defer c.Close()
	_, err = c.Write([]byte("GET /big.bin HTTP/1.1\r\nHost: x\r\n\r\n"))
	require.NoError(t, err)
	select {
	case <-closed:
	case <-time.After(5 * time.Second):
		t.Fatal("the server still holds the connection of a client that does not read")
	}
}
