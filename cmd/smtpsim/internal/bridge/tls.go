package bridge

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"fmt"
	"math/big"
	"net"
	"time"

	"smtpsim/sim/world"
)

// The bridge runs real TLS with crypto/tls; the engines stay sans-IO. On smtp,
// submission, pop3 and imap the servers offer STARTTLS (RFC 3207, RFC 9051 §6.2.1) or
// STLS (RFC 2595); once one has sent its go-ahead the connection loop wraps the socket
// with tls.Server and goes on feeding the same engine. The implicit-TLS services
// (submissions, pop3s, imaps: RFC 8314 §3) run the handshake before the greeting.
// Inside the simulation STARTTLS stays a told handshake.

// implicitTLS names the implicit-TLS service of each plain one.
var implicitTLS = map[string]string{"submission": "submissions", "pop3": "pop3s", "imap": "imaps"}

// CertValidity is how long a self-signed certificate of SelfSigned is valid: the bridge
// makes a new one at every start.
const CertValidity = 7 * 24 * time.Hour

// SelfSigned makes a certificate for the bridge: ECDSA P-256, valid for localhost,
// 127.0.0.1, ::1 and the names given, from an hour before now for CertValidity.
func SelfSigned(now time.Time, names ...string) (tls.Certificate, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return tls.Certificate{}, err
	}
	serial, err := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 120))
	if err != nil {
		return tls.Certificate{}, err
	}
	tmpl := &x509.Certificate{
		SerialNumber:          serial,
		Subject:               pkix.Name{CommonName: "localhost", Organization: []string{"smtpsim bridge (self-signed)"}},
		NotBefore:             now.Add(-time.Hour),
		NotAfter:              now.Add(CertValidity),
		KeyUsage:              x509.KeyUsageDigitalSignature,
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		BasicConstraintsValid: true,
		DNSNames:              append([]string{"localhost"}, names...),
		IPAddresses:           []net.IP{net.IPv4(127, 0, 0, 1), net.IPv6loopback},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		return tls.Certificate{}, err
	}
	leaf, err := x509.ParseCertificate(der)
	if err != nil {
		return tls.Certificate{}, err
	}
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key, Leaf: leaf}, nil
}

// ServerTLS is the TLS configuration of the bridge's services for cert.
func ServerTLS(cert tls.Certificate) *tls.Config {
	return &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12}
}

// tlsMode is the real TLS a service runs, as the world needs to know it.
func (svc *service) tlsMode() world.TLS {
	switch {
	case svc.tls == nil:
		return world.NoTLS
	case svc.implicit:
		return world.ImplicitTLS
	}
	return world.StartTLS
}

// secure runs the TLS handshake on conn as the server, within the idle time: at the
// start of an implicit-TLS connection, or after the go-ahead to STARTTLS/STLS.
func (svc *service) secure(conn net.Conn) (net.Conn, error) {
	tc := tls.Server(conn, svc.tls)
	ctx, cancel := context.WithTimeout(context.Background(), svc.idle)
	defer cancel()
	if err := tc.HandshakeContext(ctx); err != nil {
		return nil, fmt.Errorf("TLS handshake: %w", err)
	}
	return tc, nil
}

// describeTLS says which TLS a connection runs: "TLS 1.3, TLS_AES_128_GCM_SHA256".
func describeTLS(conn net.Conn) string {
	tc, ok := conn.(*tls.Conn)
	if !ok {
		return ""
	}
	st := tc.ConnectionState()
	return tls.VersionName(st.Version) + ", " + tls.CipherSuiteName(st.CipherSuite)
}

// withImplicitTLS adds, with TLS, the implicit-TLS service after each plain one that
// has one: the same server of the world behind another port.
func withImplicitTLS(exposed []Exposed, on bool) []Exposed {
	if !on {
		return exposed
	}
	var out []Exposed
	for _, ex := range exposed {
		out = append(out, ex)
		if name, ok := implicitTLS[ex.Service]; ok {
			s := ex
			s.Service = name
			out = append(out, s)
		}
	}
	return out
}

// plain is the service whose server an implicit-TLS service puts behind TLS.
func (e Exposed) plain() string {
	for plain, implicit := range implicitTLS {
		if e.Service == implicit {
			return plain
		}
	}
	return e.Service
}

// closeTLS ends a TLS connection with close_notify (RFC 8446 §6.1), so that a client
// can tell the end of the session from a cut connection; a plain one is closed by the
// service.
func closeTLS(conn net.Conn) {
	if tc, ok := conn.(*tls.Conn); ok {
		_ = tc.Close()
	}
}
