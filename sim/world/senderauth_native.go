//go:build !js

package world

import "smtpsim/sim/auth/spfdkim"

// A native program (the CLI, the bridge, the tests) has the libraries at hand.
func init() { senderAuth = spfdkim.Evaluator{} }
