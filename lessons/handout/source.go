package handout

import (
	"strings"

	"smtpsim/sim/trace"
)

// A message body longer than maxBodyLines is shown up to keptBodyLines; the header is
// always shown whole, since that is what a lesson about it points at.
const (
	maxBodyLines  = 24
	keptBodyLines = 16
)

// source is the text of the message a data or deliver event carries — as sent after
// DATA, or as filed (Return-Path, Received and all) — or nil for any other event.
func (s *Sheet) source(e trace.Event) *Source {
	if len(e.Payload) == 0 {
		return nil
	}
	var caption string
	switch {
	case e.Kind == trace.KindData && e.Dir == trace.DirSend && e.Proto == "smtp":
		caption = s.say("source.data", e.Msg, e.Lines, e.Octets)
	case e.Kind == trace.KindDeliver && e.Mailbox != "":
		caption = s.say("source.deliver", e.Msg, e.Mailbox, len(e.Payload))
	default:
		return nil
	}
	text := strings.ToValidUTF8(strings.ReplaceAll(string(e.Payload), "\r\n", "\n"), "\uFFFD")
	text = strings.TrimSuffix(text, "\n")
	header, body, _ := strings.Cut(text, "\n\n")
	lines := strings.Split(body, "\n")
	src := &Source{Caption: caption, Text: text}
	if len(lines) > maxBodyLines {
		left := strings.Join(lines[keptBodyLines:], "\n")
		src.Text = header + "\n\n" + strings.Join(lines[:keptBodyLines], "\n")
		src.Cut = s.say("source.cut", len(lines)-keptBodyLines, len(left))
	}
	return src
}
