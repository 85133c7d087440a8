package reason_test

import (
	"maps"
	"testing"

	"github.com/stretchr/testify/assert"

	"smtpsim/sim/reason"
)

func TestInfoFormat(t *testing.T) {
	info := reason.Info{Text: "<%s>: Mailbox full", Args: "address"}
	assert.Equal(t, "<bob@example.net>: Mailbox full", info.Format("bob@example.net"))
	assert.Equal(t, "<%s>: Mailbox full", info.Format(), "without arguments the text stays as it is")
}

func TestTable(t *testing.T) {
	type key string
	table := reason.Table[key]{"a.b": {Text: "x"}}
	assert.Equal(t, "x", table.Of("a.b").Text)
	assert.Panics(t, func() { table.Of("a.typo") }, "a key without a row is a programming error")
	assert.Equal(t, map[string]reason.Info{"a.b": {Text: "x"}}, maps.Collect(table.Named()))
}
