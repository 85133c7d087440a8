package narrate_test

import (
	"os"
	"testing"

	"github.com/stretchr/testify/require"

	"smtpsim/sim/render"
)

func TestNarrateCompiled(t *testing.T) {
	require.NoError(t, render.CheckCompiled(os.DirFS("."), "narrate", "narrate"))
}
