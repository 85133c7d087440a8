package imap_test

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"smtpsim/sim/imap"
)

// TestAnswerBlockIsTheLiteral: a response whose first line ends in its only literal
// is told as that line, a block of exactly the octets the literal announced, and the
// rest as lines of its own; a response with two literals stays one block after its
// first line, and one without a literal has no block.
func TestAnswerBlockIsTheLiteral(t *testing.T) {
	msg := "Subject: hi\r\n\r\nA {3} in the text is no literal.\r\n"
	for _, tc := range []struct {
		name    string
		wire    string
		lines   []string
		body    int
		after   []string
		hasBody bool
	}{
		{"one literal", "* 1 FETCH (BODY[] {49}\r\n" + msg + " FLAGS (\\Seen))\r\n",
			[]string{"* 1 FETCH (BODY[] {49}"}, 49, []string{" FLAGS (\\Seen))"}, true},
		{"literal last", "* 1 FETCH (FLAGS (\\Seen) BODY[] {49}\r\n" + msg + ")\r\n",
			[]string{"* 1 FETCH (FLAGS (\\Seen) BODY[] {49}"}, 49, []string{")"}, true},
		{"two literals", "* 1 FETCH (BODY[HEADER] {15}\r\nSubject: hi\r\n\r\n BODY[TEXT] {2}\r\nhi)\r\n",
			[]string{"* 1 FETCH (BODY[HEADER] {15}"}, 37, nil, true},
		{"no literal", "* 2 EXISTS\r\n", []string{"* 2 EXISTS"}, 0, nil, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a := imap.Response{Tag: "*", Data: []byte(tc.wire)}.Answer()
			assert.Equal(t, tc.lines, a.Lines)
			assert.Equal(t, tc.body, a.Body)
			assert.Equal(t, tc.hasBody, a.HasBody)
			assert.Equal(t, tc.after, a.After)
		})
	}
}
