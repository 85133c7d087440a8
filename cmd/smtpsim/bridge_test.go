package main

import (
	"bytes"
	"crypto/tls"
	"crypto/x509"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
)

var anyPorts = []string{"--smtp", "127.0.0.1:0", "--submission", "127.0.0.1:0", "--pop3", "127.0.0.1:0", "--imap", "127.0.0.1:0",
	"--submissions", "127.0.0.1:0", "--pop3s", "127.0.0.1:0", "--imaps", "127.0.0.1:0"}

func TestBridgeLessonStartup(t *testing.T) {
	tests := []struct {
		args []string
		want []string
	}{
		{[]string{"--lesson", "greylisting", "--speed", "60"}, []string{
			`smtpsim bridge: scenario "Greylisting makes the sender come back later", in real time × 60 (one real second is 1m0s of virtual time)`,
			"  submission  127.0.0.1:",
			"→ mail.example.org:587 (the MSA of example.org; AUTH required)",
			"→ mx.example.net:25 (the MX of example.net)",
			"→ mx.example.net:110 (the mailboxes of example.net)",
			"  bob@example.net              secret",
			"The scenario's own 1 message(s) go as well",
			"  submissions 127.0.0.1:",
			"→ mail.example.org:587 (the MSA of example.org; AUTH required; TLS from the start)",
			"TLS: STARTTLS/STLS offered; a self-signed certificate for localhost and 127.0.0.1",
		}},
		{[]string{"--lesson", "journey", "--quiet", "--domain", "example.net"}, []string{
			"smtpsim bridge: lesson journey (",
			"→ mx.example.net:587 (the MSA of example.net; AUTH required)",
			"→ mx.example.net:143 (the mailboxes of example.net)",
			"The world waits for your mail.",
		}},
		{[]string{"--scenario", "../../sim/scenariofile/testdata/greylisting.yaml", "--model", "store-and-forward", "--fault", "down:mx.example.net"}, []string{
			`smtpsim bridge: scenario "Greylisting delays a message", in real time` + "\n",
		}},
	}
	for _, tt := range tests {
		var out, errOut bytes.Buffer
		b, err := startBridge(append(tt.args, anyPorts...), &out, &errOut)
		if err != nil {
			t.Fatalf("%v: %v\n%s", tt.args, err, errOut.String())
		}
		b.Close() // before reading errOut: the world writes its trace there until it stops
		for _, w := range tt.want {
			assert.Contains(t, out.String(), w, "%v", tt.args)
		}
	}
}

func TestBridgeErrors(t *testing.T) {
	tests := []struct {
		args []string
		code int
		msg  string
	}{
		{[]string{"bridge", "--speed", "5"}, 2, "--speed needs --lesson or --scenario"},
		{[]string{"bridge", "--lesson", "greylisting", "--scenario", "x.yaml"}, 2, "not both"},
		{[]string{"bridge", "--lesson", "no-such"}, 2, `--lesson "no-such": no such lesson`},
		{[]string{"bridge", "--scenario", "no-such.yaml"}, 2, `"no-such.yaml" is neither a lesson`},
		{[]string{"bridge", "--lesson", "greylisting", "--store", "/tmp/x"}, 2, "--store is for the built-in world"},
		{[]string{"bridge", "--lesson", "greylisting", "--speed", "0"}, 2, "--speed 0: expected a number from 0.001 to 1e+06"},
		// Each of these spun a core at 100% before.
		{[]string{"bridge", "--lesson", "greylisting", "--speed", "NaN"}, 2, "--speed NaN: expected a number from 0.001 to 1e+06"},
		{[]string{"bridge", "--lesson", "greylisting", "--speed", "1e-300"}, 2, "--speed 1e-300: expected a number from 0.001"},
		{[]string{"bridge", "--lesson", "greylisting", "--speed", "Inf"}, 2, "--speed +Inf: expected a number from 0.001"},
		{[]string{"bridge", "--lesson", "greylisting", "--speed", "-Inf"}, 2, "--speed -Inf: expected a number from 0.001"},
		{[]string{"bridge", "--lesson", "greylisting", "--speed", "-5"}, 2, "--speed -5: expected a number from 0.001"},
		{[]string{"bridge", "--lesson", "greylisting", "--speed", "2e6"}, 2, "--speed 2e+06: expected a number from 0.001"},
		{[]string{"bridge", "--lesson", "greylisting", "--model", "sideways"}, 2, "expected end-to-end or store-and-forward"},
		{[]string{"bridge", "--lesson", "greylisting", "--domain", "nowhere.example"}, 1, "serves nowhere.example (domains: example.org, example.net)"},
		{[]string{"bridge", "--tls=false", "--cert", "c.pem", "--key", "k.pem"}, 2, "--cert and --key need TLS"},
		{[]string{"bridge", "--cert", "c.pem"}, 2, "give --cert and --key together"},
		{[]string{"bridge", "--tls=false", "--cert-out", "c.pem"}, 2, "--cert-out writes the self-signed certificate"},
		{[]string{"bridge", "--cert", "no-such.pem", "--key", "no-such.pem"}, 1, "--cert/--key: open no-such.pem"},
	}
	for _, tt := range tests {
		code, _, errOut := runCLI(tt.args...)
		assert.Equal(t, tt.code, code, "%v: %s", tt.args, errOut)
		assert.Contains(t, errOut, tt.msg, "%v", tt.args)
	}
}

// TestBridgeCertOut: --cert-out writes the self-signed certificate the bridge serves.
func TestBridgeCertOut(t *testing.T) {
	path := filepath.Join(t.TempDir(), "bridge.pem")
	var out, errOut bytes.Buffer
	b, err := startBridge(append([]string{"--cert-out", path, "--store", t.TempDir()}, anyPorts...), &out, &errOut)
	if err != nil {
		t.Fatalf("%v\n%s", err, errOut.String())
	}
	defer b.Close()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	pool := x509.NewCertPool()
	if !pool.AppendCertsFromPEM(data) {
		t.Fatalf("not a PEM certificate: %q", data)
	}
	c, err := tls.Dial("tcp", b.Addr("imaps"), &tls.Config{RootCAs: pool, ServerName: "localhost"})
	if err != nil {
		t.Fatal(err)
	}
	c.Close()
}
