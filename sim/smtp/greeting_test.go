package smtp_test

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"smtpsim/sim/smtp"
)

// shutting refuses every connection, as a host that is shutting down.
type shutting struct{ smtp.Accept }

func (shutting) Connect(*smtp.Session) *smtp.Reply {
	r := smtp.ReasonConnShuttingDown.Reply("mx.example.org")
	return &r
}

// TestConfigGreeting: a server given its greeting made once opens with it, its lines
// shared, and with the octets it makes without one; a policy's reply still comes first.
func TestConfigGreeting(t *testing.T) {
	made := smtp.ReasonGreeting.ReplyString("mx.example.org")
	cfg := smtp.Config{Hostname: "mx.example.org"}
	own := smtp.NewServer(cfg, &smtp.Accept{}, "192.0.2.1").Greeting()
	cfg.Greeting = made
	given := smtp.NewServer(cfg, &smtp.Accept{}, "192.0.2.1").Greeting()

	assert.Equal(t, "220 mx.example.org ESMTP smtpsim\r\n", string(own.Wire()))
	assert.Equal(t, own, given)
	assert.Same(t, &made.Lines[0], &given.Lines[0], "shared, not made again")

	refused := smtp.NewServer(cfg, shutting{}, "192.0.2.1").Greeting()
	assert.Equal(t, 421, refused.Code)
}
