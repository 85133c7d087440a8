package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"text/tabwriter"
	"time"

	"smtpsim/cmd/smtpsim/internal/site"
)

// webCommand runs "serve" (the web app over HTTP) or "site" (the build helper behind
// `make site` that makes the deployable folder).
func webCommand(name string, args []string, stdout, stderr io.Writer) error {
	if name == "site" {
		return siteCommand(args, stdout, stderr)
	}
	return serveCommand(args, stdout, stderr)
}

func serveCommand(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(stderr)
	addr := fs.String("addr", "127.0.0.1:8080", "address to listen on")
	dir := fs.String("dir", "dist", "folder to serve, as built by `make site`")
	public := fs.Bool("public", false, "allow listening on addresses other than loopback")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usageError{fmt.Errorf("unexpected argument %q", fs.Arg(0))}
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	return serveSite(ctx, *addr, *dir, *public, stdout, stderr)
}

// siteTimeouts bound how long one client holds a connection of `smtpsim serve`: the
// request headers within ReadHeader, the whole request within Read, the response
// written within Write (a client that does not read loses its connection), and an
// idle keep-alive connection kept for Idle (docs/deploying.md).
var siteTimeouts = struct{ ReadHeader, Read, Write, Idle time.Duration }{
	ReadHeader: 10 * time.Second,
	Read:       30 * time.Second,
	Write:      2 * time.Minute,
	Idle:       2 * time.Minute,
}

// siteConnState, when set, sees each connection's state changes (for tests).
var siteConnState func(net.Conn, http.ConnState)

// serveSite serves dir on addr until ctx ends, then lets running requests finish.
func serveSite(ctx context.Context, addr, dir string, public bool, stdout, stderr io.Writer) error {
	if err := site.CheckAddr(addr, public); err != nil {
		return usageError{err}
	}
	root, err := os.OpenRoot(dir)
	if err != nil {
		return fmt.Errorf("%w; build the site first with `make site`, or name its folder with --dir", err)
	}
	defer root.Close()
	if info, err := root.Stat("index.html"); err != nil || !info.Mode().IsRegular() {
		return fmt.Errorf("%s has no index.html; build the site first with `make site`, or name its folder with --dir", dir)
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	srv := &http.Server{
		Handler:           site.Handler(root.FS()),
		ReadHeaderTimeout: siteTimeouts.ReadHeader,
		ReadTimeout:       siteTimeouts.Read,
		WriteTimeout:      siteTimeouts.Write,
		IdleTimeout:       siteTimeouts.Idle,
		ErrorLog:          log.New(stderr, "smtpsim serve: ", 0),
		ConnState:         siteConnState,
	}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	fmt.Fprintf(stdout, "smtpsim serve: %s on http://%s/ (press Ctrl-C to stop)\n", dir, ln.Addr())
	select {
	case err := <-served:
		return err
	case <-ctx.Done():
	}
	shutdown, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdown); err != nil {
		return err
	}
	if err := <-served; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// siteCommand builds the deployable folder: hashed names, rewritten references, .br and
// .gz siblings (see site.Build). It is a build helper for `make site`.
func siteCommand(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("site", flag.ContinueOnError)
	fs.SetOutput(stderr)
	in := fs.String("in", "web", "the web folder: index.html, style sheets, scripts, main.wasm")
	out := fs.String("out", "dist", "the folder to make; replaced if an earlier build made it")
	quality := fs.Int("brotli", site.BestBrotli, "Brotli quality, 0 to 11: 11 for a site to deploy (about 3 s per megabyte), 5 for a quick local build")
	quiet := fs.Bool("q", false, "print nothing but errors")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usageError{fmt.Errorf("unexpected argument %q", fs.Arg(0))}
	}
	if !*quiet {
		fmt.Fprintf(stdout, "smtpsim site: %s → %s, Brotli quality %d …\n", *in, *out, *quality)
	}
	files, err := site.Build(*in, *out, *quality)
	if err != nil {
		return err
	}
	if *quiet {
		return nil
	}
	tw := tabwriter.NewWriter(stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "file\toctets\tbr\tgz\t\n")
	var total, br, gz int64
	for _, f := range files {
		fmt.Fprintf(tw, "%s\t%d\t%s\t%s\t\n", f.Name, f.Size, sizeOrDash(f.Brotli), sizeOrDash(f.Gzip))
		total += f.Size
		br += orSize(f.Brotli, f.Size)
		gz += orSize(f.Gzip, f.Size)
	}
	fmt.Fprintf(tw, "total\t%d\t%d\t%d\t\n", total, br, gz)
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "smtpsim site: %d files in %s\n", len(files), *out)
	return nil
}

func sizeOrDash(n int64) string {
	if n == 0 {
		return "-"
	}
	return fmt.Sprint(n)
}

// orSize is what a browser downloads: the compressed copy, or the file when there is none.
func orSize(compressed, size int64) int64 {
	if compressed == 0 {
		return size
	}
	return compressed
}
