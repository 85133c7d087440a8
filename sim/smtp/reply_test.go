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
		assert.Equal(t, smtp.Reply{Code: info.Code, Status: info.Status, Lines: []string{info.Text}, Reason: k}, r, "the table's reply, %s", k)
		assert.Equal(t, string(r.Wire()), string(r.Answer().Wire), "%s", k)
		for _, custom := range []smtp.Reply{k.Custom(info.Code, info.Status, "something else"), k.Custom(info.Code+1, info.Status, info.Text),
			k.Custom(info.Code, info.Status+"1", info.Text), k.Custom(0, info.Status, info.Text)} {
			assert.Equal(t, string(custom.Wire()), string(custom.Answer().Wire), "%s %+v", k, custom)
		}
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

// ReplyStringIn is ReplyString with its line in the caller's room, for every reason of
// the table; the next reply made there writes over the last.
func TestReplyStringIn(t *testing.T) {
	var line [1]string
	for k := range smtp.Reasons {
		r := k.ReplyStringIn(&line, "mx.example.org")
		assert.Equal(t, k.ReplyString("mx.example.org"), r, k)
		assert.Same(t, &line[0], &r.Lines[0], k)
		assert.Equal(t, 1, cap(r.Lines), "an append must copy")
	}
	first := smtp.ReasonQueued.ReplyStringIn(&line, "A1")
	smtp.ReasonQueued.ReplyStringIn(&line, "B2")
	assert.Equal(t, "Ok: queued as B2", first.Lines[0])
}
