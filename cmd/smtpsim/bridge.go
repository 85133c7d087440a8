package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
	"time"

	"smtpsim/cmd/smtpsim/internal/bridge"
)

func bridgeCommand(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("bridge", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var cfg bridge.Config
	fs.StringVar(&cfg.SMTP, "smtp", "127.0.0.1:2525", "SMTP (MX-like) address; AUTH offered, relaying only after AUTH; empty disables")
	fs.StringVar(&cfg.Submission, "submission", "127.0.0.1:1587", "submission address (AUTH required, RFC 6409); empty disables")
	fs.StringVar(&cfg.POP3, "pop3", "127.0.0.1:1110", "POP3 address; empty disables")
	fs.StringVar(&cfg.IMAP, "imap", "127.0.0.1:1143", "IMAP address; empty disables")
	fs.StringVar(&cfg.Store, "store", "", "folder for the mailboxes (DIR/<user>/<n>.eml); default: a new temporary folder")
	fs.BoolVar(&cfg.Public, "public", false, "allow listening on addresses other than loopback")
	fs.IntVar(&cfg.MaxConns, "max-conns", 20, "most connections at once, per service")
	fs.DurationVar(&cfg.Idle, "idle", 5*time.Minute, "close a connection idle this long (RFC 5321 §4.5.3.2)")
	fs.IntVar(&cfg.MaxSize, "max-size", 10240000, "largest message accepted, in octets")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usageError{fmt.Errorf("unexpected argument %q", fs.Arg(0))}
	}
	if cfg.Store == "" {
		dir, err := os.MkdirTemp("", "smtpsim-mail-")
		if err != nil {
			return err
		}
		cfg.Store = dir
	}
	cfg.Log = stderr
	b, err := bridge.Start(cfg)
	if err != nil {
		return err
	}
	defer b.Close()
	w := bridge.DefaultWorld()
	fmt.Fprintf(stdout, "smtpsim bridge: domain %s, mailboxes alice and bob (password %q), mail stored in %s\n", w.Domain, w.Users["alice"], cfg.Store)
	for _, s := range b.Services() {
		fmt.Fprintf(stdout, "  %-10s %s\n", s[0], s[1])
	}
	fmt.Fprintln(stdout, "Press Ctrl-C to stop.")
	stop := make(chan os.Signal, 1)
	signal.Notify(stop, os.Interrupt, syscall.SIGTERM)
	<-stop
	return nil
}
