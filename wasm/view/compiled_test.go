package view_test

import (
	"os"
	"testing"

	"github.com/stretchr/testify/require"

	"smtpsim/sim/render/phrasefile"
)

func TestUICompiled(t *testing.T) {
	require.NoError(t, phrasefile.CheckCompiled(os.DirFS("."), "ui", "view"))
}
