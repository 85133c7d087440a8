package smtp_test

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"smtpsim/sim/smtp"
)

// A reply's answer carries its wire form, whether made for it or shared with every
// reply of the same reason (the texts without values); a custom text under such a
// reason is never given the table's wire. Shared lines and wire forms cannot be
// extended in place.
func TestAnswerWire(t *testing.T) {
	for k, info := range smtp.Reasons {
		if info.Args != "" {
			continue
		}
		r := k.Reply()
		assert.Equal(t, string(r.Wire()), string(r.Answer().Wire), "%s", k)
		custom := k.Custom(info.Code, info.Status, "something else")
		assert.Equal(t, string(custom.Wire()), string(custom.Answer().Wire), "%s", k)
	}
	shared := smtp.ReasonRcptOK.Reply().Answer().Wire
	assert.Equal(t, len(shared), cap(shared), "an append to a shared wire must copy")
	lines := smtp.ReasonRcptOK.Reply().Lines
	assert.Equal(t, len(lines), cap(lines), "an append to shared lines must copy")
}

// ReplyString is Reply with one string value, for every reason of the table.
func TestReplyStringIsReply(t *testing.T) {
	for k := range smtp.Reasons {
		assert.Equal(t, k.Reply("mx.example.org"), k.ReplyString("mx.example.org"), k)
	}
}
