//go:build interop

// Package e2e tests the web app in a real browser: Debian's chromium, driven by chromedp.
// Like every test that drives an outside program, it builds only with -tags interop.
package e2e

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/require"

	"smtpsim/lessons"
)

var siteDir string

// TestMain builds the wasm program once and lays out the site in a temporary folder.
func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "smtpsim-e2e-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	if err := buildSite(dir); err != nil {
		fmt.Fprintln(os.Stderr, "building the site:", err)
		os.Exit(1)
	}
	siteDir = dir
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

func buildSite(dir string) error {
	root := filepath.Join("..", "..")
	// As make wasm builds them (main.wasm, the authoring module author.wasm and the
	// sender-authentication module senderauth.wasm), with the same flags: the Makefile
	// holds them. minimal.wasm is BenchmarkColdLoad's baseline, built the same way.
	build := exec.Command("make", "--no-print-directory", "-s", "modules", "baseline", "OUT="+dir)
	build.Dir = root
	if out, err := build.CombinedOutput(); err != nil {
		return fmt.Errorf("make modules baseline: %v: %s", err, out)
	}
	goroot, err := exec.Command("go", "env", "GOROOT").Output()
	if err != nil {
		return fmt.Errorf("go env GOROOT: %w", err)
	}
	copies := map[string]string{
		filepath.Join(strings.TrimSpace(string(goroot)), "lib", "wasm", "wasm_exec.js"): "wasm_exec.js",
	}
	for _, f := range []string{"index.html", "style.css", "loader.js", "favicon.svg"} {
		copies[filepath.Join(root, "web", f)] = f
	}
	copies[filepath.Join("testdata", "minimal", "minimal.html")] = "minimal.html"
	for from, to := range copies {
		data, err := os.ReadFile(from)
		if err != nil {
			return err
		}
		if err := os.MkdirAll(filepath.Dir(filepath.Join(dir, to)), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(dir, to), data, 0o644); err != nil {
			return err
		}
	}
	// The course's compiled files and the page's words in each language but English,
	// as make wasm puts them where the built site serves them (make site hashes every
	// file's name; the page asks for the hashed names).
	course := exec.Command("go", "run", "./lessons/internal/sitecourse", dir)
	course.Dir = root
	if out, err := course.CombinedOutput(); err != nil {
		return fmt.Errorf("sitecourse: %v: %s", err, out)
	}
	return nil
}

// lessonAndWorldFiles are the compiled files of the course's lessons and sandbox
// worlds, without the teacher's guide.
func lessonAndWorldFiles() []string {
	var names []string
	for _, e := range lessons.Index() {
		names = append(names, lessons.LessonFile(e.ID))
	}
	for _, id := range lessons.ScenarioIDs() {
		names = append(names, lessons.WorldFile(id))
	}
	return names
}

// requireProgram returns the path of an outside program that an interop test drives;
// without it the test fails (it does not skip), saying how to install it.
func requireProgram(t testing.TB, name, install string) string {
	t.Helper()
	path, err := exec.LookPath(name)
	require.NoError(t, err, "%s is not installed, and the interop tests (-tags interop) need it: %s (.ci/run does)", name, install)
	return path
}

// csp is the policy smtpsim serve sends; the page must work under it.
const csp = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'"

// browser starts the site and a headless chromium; it fails (not skips) without chromium.
type contextT = context.Context

func browser(t testing.TB) (context.Context, string) {
	t.Helper()
	chromium := requireProgram(t, "chromium", "apt-get install -y chromium")
	files := http.FileServer(http.Dir(siteDir))
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Security-Policy", csp)
		if strings.HasSuffix(r.URL.Path, ".wasm") {
			w.Header().Set("Content-Type", "application/wasm")
		}
		files.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(chromium),
		chromedp.NoSandbox, chromedp.Headless, chromedp.DisableGPU, chromedp.NoFirstRun,
		chromedp.Flag("disable-quic", true), chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true), chromedp.Flag("disable-sync", true),
		chromedp.UserDataDir(t.TempDir()), chromedp.WindowSize(1280, 720),
	}
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(actx)
	// A test that hangs fails after a minute. A benchmark runs all its iterations in this
	// one browser: 20 first lessons took more than a minute on a slow machine.
	limit := time.Minute
	if _, ok := t.(*testing.B); ok {
		limit = 10 * time.Minute
	}
	ctx, cancelTimeout := context.WithTimeout(ctx, limit)
	t.Cleanup(func() { cancelTimeout(); cancel(); cancelAlloc() })
	// Start the browser before anything subscribes to its events.
	require.NoError(t, chromedp.Do(ctx), "starting %s", chromium)
	// A dialog (alert) would mean injected script ran: fail the test.
	go func() {
		for d, err := range chromedp.Events(ctx, page.JavascriptDialogOpening) {
			if err != nil {
				return
			}
			t.Errorf("a dialog opened: %q", d.Message)
		}
	}()
	return ctx, srv.URL
}
