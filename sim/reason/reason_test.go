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

// FormatString writes one string value as Format does, for any text: in place of a
// lone %s, through fmt otherwise.
func TestInfoFormatString(t *testing.T) {
	for _, text := range []string{"<%s>: Mailbox full", "%s", "Ok: queued as %s", "%s ESMTP", "no value", "%s and %s",
		"100%% sure of %s", "%d recipients", "%q quoted", ""} {
		info := reason.Info{Text: text}
		for _, value := range []string{"bob@example.net", "", "50%", `"q"`} {
			assert.Equal(t, info.Format(value), info.FormatString(value), "%q with %q", text, value)
		}
	}
}

func TestTable(t *testing.T) {
	type key string
	table := reason.Table[key]{"a.b": {Text: "x"}}
	assert.Equal(t, "x", table.Of("a.b").Text)
	assert.Panics(t, func() { table.Of("a.typo") }, "a key without a row is a programming error")
	assert.Equal(t, map[string]reason.Info{"a.b": {Text: "x"}}, maps.Collect(table.Named()))
}
