package world_test

import (
	"bytes"
	netmail "net/mail"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"smtpsim/sim/trace"
	"smtpsim/sim/world"
)

// TestHeaderLinesAboveTheClientsOwn: a message's headers: lines are written by the
// sender's mail program above its own From:, so every server's Received: and the
// receiver's Authentication-Results: end up on top of them — a forged hop stands below
// the first real one, where a reader of the chain can catch it.
func TestHeaderLinesAboveTheClientsOwn(t *testing.T) {
	tr := world.Run(load(t, "headers"))
	var filed []byte
	for _, e := range tr.All() {
		if e.Kind == trace.KindDeliver && e.Msg == "m2" {
			filed = e.Payload
		}
	}
	require.NotEmpty(t, filed)
	var order []string
	for _, line := range strings.Split(string(filed), "\r\n") {
		if line == "" {
			break
		}
		if name, value, ok := strings.Cut(line, ":"); ok && !strings.HasPrefix(line, " ") && !strings.HasPrefix(line, "\t") {
			first := strings.Fields(value)
			order = append(order, name+" "+strings.Join(first[:min(len(first), 2)], " "))
		}
	}
	assert.Equal(t, []string{
		"Return-Path <mallory@example.com>",
		"Received-SPF pass (mx.example.net:",              // Bob's server's SPF verdict, above its Received (RFC 7208 §9.1)
		"Received from mail.example.com",                  // Bob's server
		"Authentication-Results mx.example.net;",          // its real results
		"Received from [198.18.1.11]",                     // the real start: a mail program
		"Received from mx.bank.example",                   // forged by the sender
		"Authentication-Results mx.example.net; spf=pass", // forged by the sender
		"From mallory@example.com",
		"To bob@example.net",
		"Subject Your account",
		"Date Wed, 25",
		"Message-ID <20261125090500.m2@example.com>",
		"MIME-Version 1.0",
		"Content-Type text/plain; charset=utf-8",
		"Content-Transfer-Encoding 7bit",
	}, order)
	msg, err := netmail.ReadMessage(bytes.NewReader(filed))
	require.NoError(t, err)
	assert.Len(t, msg.Header["Received"], 3)
	assert.Contains(t, msg.Header["Authentication-Results"][0], "smtp.mailfrom=example.com", "the receiver's own result comes first")
}
