package main

import (
	"crypto/sha256"
	"crypto/tls"
	"encoding/pem"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
	"time"

	"smtpsim/cmd/smtpsim/internal/bridge"
	"smtpsim/lessons"
	"smtpsim/sim/scenario"
	"smtpsim/sim/smtp"
	"smtpsim/sim/trace"
)

func bridgeCommand(args []string, stdout, stderr io.Writer) error {
	b, err := startBridge(args, stdout, stderr)
	if err != nil {
		return err
	}
	defer b.Close()
	stop := make(chan os.Signal, 1)
	signal.Notify(stop, os.Interrupt, syscall.SIGTERM)
	<-stop
	if o := b.Outcomes(); len(o) > 0 {
		_ = (&trace.Trace{Outcomes: o}).WriteText(stdout)
	}
	return nil
}

// startBridge parses the flags, starts the services and says what runs where.
func startBridge(args []string, stdout, stderr io.Writer) (*bridge.Bridge, error) {
	fs := flag.NewFlagSet("bridge", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var cfg bridge.Config
	fs.StringVar(&cfg.SMTP, "smtp", "127.0.0.1:2525", "SMTP (MX-like) address; AUTH offered, relaying only after AUTH; empty disables")
	fs.StringVar(&cfg.Submission, "submission", "127.0.0.1:1587", "submission address (AUTH required, RFC 6409); empty disables")
	fs.StringVar(&cfg.POP3, "pop3", "127.0.0.1:1110", "POP3 address; empty disables")
	fs.StringVar(&cfg.IMAP, "imap", "127.0.0.1:1143", "IMAP address; empty disables")
	fs.StringVar(&cfg.Submissions, "submissions", "127.0.0.1:1465", "submission with implicit TLS (port 465, RFC 8314); empty disables")
	fs.StringVar(&cfg.POP3S, "pop3s", "127.0.0.1:1995", "POP3 with implicit TLS (port 995, RFC 8314); empty disables")
	fs.StringVar(&cfg.IMAPS, "imaps", "127.0.0.1:1993", "IMAP with implicit TLS (port 993, RFC 8314); empty disables")
	useTLS := fs.Bool("tls", true, "real TLS: STARTTLS/STLS offered, implicit-TLS ports open; --tls=false turns both off")
	certFile := fs.String("cert", "", "TLS certificate chain (PEM); default: a self-signed one made at start")
	keyFile := fs.String("key", "", "the private key of --cert (PEM)")
	certOut := fs.String("cert-out", "", "write the self-signed certificate to this file (PEM), for clients to trust")
	fs.StringVar(&cfg.Store, "store", "", "folder for the built-in world's mailboxes (DIR/<user>/<n>.eml); default: a new temporary folder")
	fs.BoolVar(&cfg.Public, "public", false, "allow listening on addresses other than loopback")
	fs.IntVar(&cfg.MaxConns, "max-conns", 20, "most connections at once, per service")
	fs.DurationVar(&cfg.SMTPIdle, "smtp-idle", bridge.SMTPIdle, "SMTP and submission: close a connection that sends no complete line for this long (RFC 5321 §4.5.3.2.7)")
	fs.DurationVar(&cfg.POP3Idle, "pop3-idle", bridge.POP3Idle, "POP3: the autologout timer, at least 10m (RFC 1939 §3)")
	fs.DurationVar(&cfg.IMAPIdle, "imap-idle", bridge.IMAPIdle, "IMAP: the autologout timer, at least 30m (RFC 9051 §5.4)")
	fs.DurationVar(&cfg.MaxSession, "max-session", bridge.MaxSession, "close any connection that has lasted this long")
	fs.IntVar(&cfg.MaxSize, "max-size", smtp.DefaultMaxSize, "largest message accepted by the built-in world, in octets")
	lesson := fs.String("lesson", "", "run this lesson's (or built-in scenario's) world in real time and expose its servers")
	scenarioFile := fs.String("scenario", "", "run the world of this scenario file (or built-in scenario) in real time")
	domain := fs.String("domain", "", "with --lesson/--scenario: expose the servers of this organisation (default: the first message's sender's MSA, its recipient's MX)")
	speed := fs.Float64("speed", 1, "with --lesson/--scenario: virtual seconds per real second (60: a 5-minute retry comes after 5 s)")
	quiet := fs.Bool("quiet", false, "with --lesson/--scenario: leave out the scenario's own messages and fetches")
	model := fs.String("model", "", "with --lesson/--scenario: end-to-end or store-and-forward (default: the scenario's)")
	var faults faultFlags
	fs.Var(&faults, "fault", "with --lesson/--scenario: inject a fault (repeatable; see README)")
	if err := parseFlags(fs, args); err != nil {
		return nil, err
	}
	if fs.NArg() > 0 {
		return nil, usageError{fmt.Errorf("unexpected argument %q", fs.Arg(0))}
	}
	cfg.Log = stderr
	tlsNote, err := bridgeTLS(&cfg, *useTLS, *certFile, *keyFile, *certOut)
	if err != nil {
		return nil, err
	}
	if *lesson == "" && *scenarioFile == "" {
		for _, name := range []string{"domain", "speed", "quiet", "model", "fault"} {
			if flagSet(fs, name) {
				return nil, usageError{fmt.Errorf("--%s needs --lesson or --scenario", name)}
			}
		}
		return startDefaultBridge(cfg, stdout, tlsNote)
	}
	switch {
	case *lesson != "" && *scenarioFile != "":
		return nil, usageError{errors.New("give --lesson or --scenario, not both")}
	case cfg.Store != "":
		return nil, usageError{errors.New("--store is for the built-in world: a lesson's mailboxes live in the simulation")}
	case !(*speed >= bridge.MinSpeed && *speed <= bridge.MaxSpeed): // NaN fails every comparison
		return nil, usageError{fmt.Errorf("--speed %v: expected a number from %g to %g (virtual seconds per real second)", *speed, bridge.MinSpeed, bridge.MaxSpeed)}
	}
	sc, title, err := bridgeScenario(*lesson, *scenarioFile)
	if err != nil {
		return nil, err
	}
	switch scenario.Model(*model) {
	case "":
	case scenario.EndToEnd, scenario.StoreAndForward:
		sc.Model = scenario.Model(*model)
	default:
		return nil, usageError{fmt.Errorf("--model %q: expected end-to-end or store-and-forward", *model)}
	}
	cfg.Sim = &bridge.Sim{Scenario: *sc, Faults: faults, Speed: *speed, Domain: *domain, Quiet: *quiet}
	b, err := bridge.Start(cfg)
	if err != nil {
		return nil, err
	}
	fmt.Fprintf(stdout, "smtpsim bridge: %s, in real time", title)
	if *speed != 1 {
		fmt.Fprintf(stdout, " × %g (one real second is %s of virtual time)", *speed, time.Duration(*speed*float64(time.Second)))
	}
	fmt.Fprintln(stdout)
	for _, ex := range b.Exposed() {
		fmt.Fprintf(stdout, "  %-11s %-16s → %s\n", ex.Service, b.Addr(ex.Service), ex)
	}
	for _, s := range []struct{ name, addr string }{{"submission", cfg.Submission}, {"smtp", cfg.SMTP}, {"pop3", cfg.POP3}, {"imap", cfg.IMAP}} {
		if s.addr != "" && b.Addr(s.name) == "" {
			fmt.Fprintf(stdout, "  %-11s off: the world has no such server for this domain (try --domain)\n", s.name)
		}
	}
	fmt.Fprintln(stdout, tlsNote)
	fmt.Fprintln(stdout, "Users (log in with the full address):")
	for _, u := range sc.Users {
		fmt.Fprintf(stdout, "  %-28s %s\n", u.Address, u.Password)
	}
	if *quiet || len(sc.Messages) == 0 {
		fmt.Fprintln(stdout, "The world waits for your mail. The trace goes to stderr; press Ctrl-C to stop.")
	} else {
		fmt.Fprintf(stdout, "The scenario's own %d message(s) go as well (--quiet leaves them out). The trace goes to stderr; press Ctrl-C to stop.\n", len(sc.Messages))
	}
	return b, nil
}

// bridgeScenario loads the world of --lesson (a lesson or a built-in scenario) or
// --scenario (a file or a built-in scenario), with a title for the start-up message.
func bridgeScenario(lesson, file string) (*scenario.Scenario, string, error) {
	if lesson != "" {
		if l, err := lessons.Find(lesson); err == nil {
			sc := l.ScenarioOf(l.Models[0])
			return &sc, fmt.Sprintf("lesson %s (%s)", l.ID, l.Texts["en"].Title), nil
		}
		if _, _, ok := lessons.Scenario(lesson); !ok {
			return nil, "", usageError{fmt.Errorf("--lesson %q: no such lesson (see smtpsim lessons) or built-in scenario", lesson)}
		}
		file = lesson
	}
	sc, err := loadScenario(file)
	if err != nil {
		return nil, "", err
	}
	return sc, fmt.Sprintf("scenario %q", sc.Name), nil
}

// bridgeTLS sets up the bridge's real TLS from the flags and says what it is.
func bridgeTLS(cfg *bridge.Config, on bool, certFile, keyFile, certOut string) (string, error) {
	switch {
	case certOut != "" && (!on || certFile != ""):
		return "", usageError{errors.New("--cert-out writes the self-signed certificate: leave out --tls=false and --cert")}
	case !on && (certFile != "" || keyFile != ""):
		return "", usageError{errors.New("--cert and --key need TLS: leave out --tls=false")}
	case (certFile == "") != (keyFile == ""):
		return "", usageError{errors.New("give --cert and --key together")}
	case !on:
		return "TLS off: no STARTTLS, no implicit-TLS ports; passwords travel in clear text.", nil
	}
	if certFile != "" {
		cert, err := tls.LoadX509KeyPair(certFile, keyFile)
		if err != nil {
			return "", fmt.Errorf("--cert/--key: %w", err)
		}
		cfg.TLS = bridge.ServerTLS(cert)
		return fmt.Sprintf("TLS: STARTTLS/STLS offered; certificate %s.", certFile), nil
	}
	cert, err := bridge.SelfSigned(time.Now(), bridge.DefaultWorld().Hostname)
	if err != nil {
		return "", err
	}
	cfg.TLS = bridge.ServerTLS(cert)
	sum := sha256.Sum256(cert.Certificate[0])
	if certOut != "" {
		if err := os.WriteFile(certOut, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: cert.Certificate[0]}), 0o644); err != nil {
			return "", fmt.Errorf("--cert-out: %w", err)
		}
	}
	return fmt.Sprintf("TLS: STARTTLS/STLS offered; a self-signed certificate for localhost and 127.0.0.1, valid until %s (clients need -k or to trust it), SHA-256 %X.",
		cert.Leaf.NotAfter.UTC().Format(time.DateTime), sum[:8]), nil
}

func flagSet(fs *flag.FlagSet, name string) bool {
	set := false
	fs.Visit(func(f *flag.Flag) { set = set || f.Name == name })
	return set
}

// startDefaultBridge runs the built-in example.org world with its folder store.
func startDefaultBridge(cfg bridge.Config, stdout io.Writer, tlsNote string) (*bridge.Bridge, error) {
	if cfg.Store == "" {
		dir, err := os.MkdirTemp("", "smtpsim-mail-")
		if err != nil {
			return nil, err
		}
		cfg.Store = dir
	}
	b, err := bridge.Start(cfg)
	if err != nil {
		return nil, err
	}
	w := bridge.DefaultWorld()
	fmt.Fprintf(stdout, "smtpsim bridge: domain %s, mailboxes alice and bob (password %q), mail stored in %s\n", w.Domain, w.Users["alice"], cfg.Store)
	for _, s := range b.Services() {
		fmt.Fprintf(stdout, "  %-11s %s\n", s[0], s[1])
	}
	fmt.Fprintln(stdout, tlsNote)
	fmt.Fprintln(stdout, "Press Ctrl-C to stop.")
	return b, nil
}
