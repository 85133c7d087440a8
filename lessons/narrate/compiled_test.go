package narrate_test

import (
	"os"
	"testing"

	"github.com/stretchr/testify/require"

	"smtpsim/sim/render/phrasefile"
)

func TestNarrateCompiled(t *testing.T) {
	require.NoError(t, phrasefile.CheckCompiled(os.DirFS("."), "narrate", "narrate"))
}
