//go:build interop

// A test that checks the DKIM signatures the simulation makes with an independent
// verifier: dkimpy (Debian's python3-dkim), given the same public key.

package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"smtpsim/sim/auth/spfdkim"
	"smtpsim/sim/scenariofile"
)

// dkimpyVerify is run by python3: it verifies the message in argv[1] with the key
// record in argv[2] published at argv[3], through dkimpy's dnsfunc, so that no real
// DNS is asked, and prints pass or fail.
const dkimpyVerify = `
import sys, dkim
msg = open(sys.argv[1], 'rb').read()
record = open(sys.argv[2], 'rb').read()
name = sys.argv[3].encode()
def dnsfunc(qname, timeout=5):
    return record if qname.rstrip(b'.').lower() == name else None
print('pass' if dkim.verify(msg, dnsfunc=dnsfunc) else 'fail')
`

// requireDkimpy returns a python3 that can import dkimpy, or fails saying how to get one.
func requireDkimpy(t *testing.T) string {
	t.Helper()
	var tried []string
	for _, py := range []string{"python3", "/usr/bin/python3"} {
		path, err := exec.LookPath(py)
		if err != nil {
			continue
		}
		tried = append(tried, path)
		if exec.Command(path, "-c", "import dkim").Run() == nil {
			return path
		}
	}
	require.FailNow(t, "python3-dkim is missing",
		"no python3 here can import dkim (tried %s); the interop tests need dkimpy: apt-get install -y python3-dkim (.ci/run does)", strings.Join(tried, ", "))
	return ""
}

const signedWorld = `name: signed
seed: 11
model: store-and-forward
hosts:
  - {name: mail.example.org, ip: 192.0.2.10, roles: [msa, mx], domains: [example.org], relay: relay.example.org}
  - {name: relay.example.org, ip: 192.0.2.20, roles: [relay], internal: [mail.example.org]}
  - {name: mx.example.net, ip: 198.51.100.25, roles: [mx], domains: [example.net], sender-auth: record}
dns:
  - example.org MX 10 mail.example.org
  - mail.example.org A 192.0.2.10
  - relay.example.org A 192.0.2.20
  - example.net MX 10 mx.example.net
  - mx.example.net A 198.51.100.25
  - 'example.org TXT "v=spf1 ip4:192.0.2.0/24 -all"'
users:
  - {address: alice@example.org, password: secret}
  - {address: bob@example.net, password: secret}
messages:
  - at: 0s
    from: alice@example.org
    to: [bob@example.net]
    subject: Signed, and checked elsewhere
    body: |
      Hi Bob,
      this line ends in spaces   
      .
      and a dot stood alone above.
      Alice
dkim:
  - {domain: example.org, selector: s2026, algorithm: ALG, canonicalization: CANON}
`

// TestDKIMVerifiedByDkimpy: a message signed in the simulation and exported as .eml
// verifies with dkimpy given the same public key; with dkim-break it does not.
func TestDKIMVerifiedByDkimpy(t *testing.T) {
	py := requireDkimpy(t)
	for _, tc := range []struct {
		alg, canon, fault, want string
	}{
		{"rsa-sha256", "relaxed/relaxed", "", "pass"},
		{"rsa-sha256", "simple/simple", "", "pass"},
		{"ed25519-sha256", "relaxed/relaxed", "", "pass"},
		{"ed25519-sha256", "simple/relaxed", "", "pass"},
		{"rsa-sha256", "relaxed/relaxed", "dkim-break:relay.example.org", "fail"},
		{"ed25519-sha256", "relaxed/simple", "dkim-break:relay.example.org", "fail"},
	} {
		t.Run(strings.TrimSpace(tc.alg+" "+tc.canon+" "+tc.fault), func(t *testing.T) {
			dir := t.TempDir()
			src := strings.NewReplacer("ALG", tc.alg, "CANON", tc.canon).Replace(signedWorld)
			world := filepath.Join(dir, "signed.yaml")
			require.NoError(t, os.WriteFile(world, []byte(src), 0o644))
			sc, err := scenariofile.Parse(world, []byte(src))
			require.NoError(t, err)
			key := sc.DKIM[0].Signing()
			record := filepath.Join(dir, "key.txt")
			require.NoError(t, os.WriteFile(record, []byte(spfdkim.Record(key, sc.Seed).Value), 0o644))

			eml := filepath.Join(dir, "m1.eml")
			args := []string{"export", "--format", "eml", "--out", eml, world}
			if tc.fault != "" {
				args = append(args, "--fault", tc.fault)
			}
			code, _, stderr := runCLI(args...)
			require.Equal(t, 0, code, stderr)
			msg, err := os.ReadFile(eml)
			require.NoError(t, err)
			require.Contains(t, string(msg), "DKIM-Signature: ")
			require.Contains(t, string(msg), "Authentication-Results: mx.example.net;")
			assert.Contains(t, string(msg), "\tdkim="+tc.want+" ", "the simulation's own verdict")

			script := filepath.Join(dir, "verify.py")
			require.NoError(t, os.WriteFile(script, []byte(dkimpyVerify), 0o644))
			out, err := exec.Command(py, script, eml, record, key.KeyName()).CombinedOutput()
			require.NoError(t, err, "%s", out)
			assert.Equal(t, tc.want, strings.TrimSpace(string(out)), "dkimpy's verdict")
		})
	}
}
