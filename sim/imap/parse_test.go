package imap

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestSeqSet(t *testing.T) {
	tests := []struct {
		set   string
		star  uint32
		in    []uint32
		out   []uint32
		error bool
	}{
		{set: "1", star: 5, in: []uint32{1}, out: []uint32{2, 5}},
		{set: "2:4", star: 5, in: []uint32{2, 3, 4}, out: []uint32{1, 5}},
		{set: "4:2", star: 5, in: []uint32{2, 3, 4}, out: []uint32{1, 5}},
		{set: "3:*", star: 5, in: []uint32{3, 4, 5}, out: []uint32{1, 2}},
		{set: "*", star: 5, in: []uint32{5}, out: []uint32{4}},
		{set: "7:*", star: 5, in: []uint32{5, 6, 7}, out: []uint32{4}},
		{set: "1,3,5:7", star: 9, in: []uint32{1, 3, 5, 6, 7}, out: []uint32{2, 4, 8}},
		{set: "4294967295", star: 1, in: []uint32{4294967295}},
		{set: "0", error: true},
		{set: "1:0", error: true},
		{set: "4294967296", error: true},
		{set: "1,,2", error: true},
		{set: "1:", error: true},
		{set: "", error: true},
		{set: "01", error: true},
	}
	for _, tt := range tests {
		t.Run(tt.set, func(t *testing.T) {
			set, err := parseSeqSet(tt.set)
			if tt.error {
				require.Error(t, err)
				return
			}
			require.NoError(t, err)
			for _, n := range tt.in {
				assert.True(t, set.contains(n, tt.star), "%d in %s", n, tt.set)
			}
			for _, n := range tt.out {
				assert.False(t, set.contains(n, tt.star), "%d not in %s", n, tt.set)
			}
		})
	}
}

func TestCheckMessageNumbers(t *testing.T) {
	tests := []struct {
		set   string
		count int
		ok    bool
	}{
		{"1:*", 3, true},
		{"3", 3, true},
		{"4", 3, false},
		{"1:4", 3, false},
		{"*", 0, false},
		{"1:*", 0, false},
	}
	for _, tt := range tests {
		set, err := parseSeqSet(tt.set)
		require.NoError(t, err)
		assert.Equal(t, tt.ok, set.checkMessageNumbers(tt.count) == nil, "%s of %d", tt.set, tt.count)
	}
}

func TestFormatSeqSet(t *testing.T) {
	tests := []struct {
		in   []uint32
		want string
	}{
		{nil, ""},
		{[]uint32{1}, "1"},
		{[]uint32{1, 2, 3, 5, 7, 8}, "1:3,5,7:8"},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, formatSeqSet(tt.in))
	}
}

func TestLiteralAnnouncement(t *testing.T) {
	tests := []struct {
		line string
		size uint64
		sync bool
		ok   bool
	}{
		{"a1 LOGIN {5}", 5, true, true},
		{"a1 LOGIN {5+}", 5, false, true},
		{"a1 LOGIN {0}", 0, true, true},
		{"a1 LOGIN {99999999999999999999999}", 1<<64 - 1, true, true},
		{"a1 LOGIN {}", 0, false, false},
		{"a1 LOGIN {+}", 0, false, false},
		{"a1 LOGIN {5x}", 0, false, false},
		{"a1 LOGIN \"{5}\"", 0, false, false},
		{"a1 NOOP", 0, false, false},
		{"}", 0, false, false},
	}
	for _, tt := range tests {
		size, sync, ok := literalAnnouncement([]byte(tt.line))
		assert.Equal(t, tt.ok, ok, tt.line)
		if ok {
			assert.Equal(t, tt.size, size, tt.line)
			assert.Equal(t, tt.sync, sync, tt.line)
		}
	}
}

func TestParserStrings(t *testing.T) {
	tests := []struct {
		in    string
		want  string
		error bool
	}{
		{in: `atom`, want: "atom"},
		{in: `INBOX]`, want: "INBOX]"},
		{in: `"quoted string"`, want: "quoted string"},
		{in: `"esc \"q\" and \\"`, want: `esc "q" and \`},
		{in: `""`, want: ""},
		{in: "{3}\r\na b", want: "a b"},
		{in: "{3+}\r\n\"\r\n", want: "\"\r\n"},
		{in: `"bad \n escape"`, error: true},
		{in: `"unterminated`, error: true},
		{in: "{9}\r\nshort", error: true},
		{in: `(paren`, error: true},
		{in: ``, error: true},
	}
	for _, tt := range tests {
		p := &parser{b: []byte(tt.in)}
		got, err := p.astring()
		if tt.error {
			assert.Error(t, err, tt.in)
			continue
		}
		if assert.NoError(t, err, tt.in) {
			assert.Equal(t, tt.want, got, tt.in)
			assert.True(t, p.atEnd(), tt.in)
		}
	}
}

func TestMatchPattern(t *testing.T) {
	tests := []struct {
		pattern string
		match   bool
	}{
		{"*", true},
		{"%", true},
		{"INBOX", true},
		{"inbox", true},
		{"IN*", true},
		{"I%X", true},
		{"*X*", true},
		{"INBOX/*", false},
		{"Sent", false},
		{"INBOX?", false},
		{"***************************************************Y", false},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.match, matchPattern(tt.pattern, "INBOX"), tt.pattern)
	}
	assert.False(t, matchPattern("%", "a/b"), "% stops at the delimiter")
	assert.True(t, matchPattern("*", "a/b"))
}

func TestSplitMessage(t *testing.T) {
	tests := []struct {
		raw, header, text string
	}{
		{"A: 1\r\n\r\nbody\r\n", "A: 1\r\n\r\n", "body\r\n"},
		{"A: 1\n\nbody\n", "A: 1\n\n", "body\n"},
		{"A: 1\r\n", "A: 1\r\n", ""},
		{"\r\nbody", "\r\n", "body"},
		{"", "", ""},
	}
	for _, tt := range tests {
		h, x := splitMessage([]byte(tt.raw))
		assert.Equal(t, tt.header, string(h), tt.raw)
		assert.Equal(t, tt.text, string(x), tt.raw)
	}
}

func TestHeaderFields(t *testing.T) {
	header := "Subject: a\r\n b\r\nFrom: x\r\nTo: y\r\n\r\n"
	assert.Equal(t, "Subject: a\r\n b\r\nTo: y\r\n\r\n", string(headerFields([]byte(header), []string{"to", "SUBJECT"}, true)))
	assert.Equal(t, "From: x\r\n\r\n", string(headerFields([]byte(header), []string{"to", "SUBJECT"}, false)))
	assert.Equal(t, "\r\n", string(headerFields([]byte(header), []string{"Cc"}, true)))
}
