// Package listen holds the one rule for where the program's servers may listen.
package listen

import (
	"fmt"
	"net"
)

// CheckAddr refuses a listening address beyond this machine unless public is set: the
// servers are teaching tools with fixed passwords that accept anyone's mail, not meant
// to face a network by accident.
func CheckAddr(addr string, public bool) error {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return fmt.Errorf("bad address %q: %w", addr, err)
	}
	if public || host == "localhost" {
		return nil
	}
	if ip := net.ParseIP(host); ip != nil && ip.IsLoopback() {
		return nil
	}
	return fmt.Errorf("%q is not a loopback address; add --public to listen there", addr)
}
