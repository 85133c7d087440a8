package view_test

import (
	"os"
	"testing"

	"github.com/stretchr/testify/require"

	"smtpsim/sim/render"
)

func TestUICompiled(t *testing.T) {
	require.NoError(t, render.CheckCompiled(os.DirFS("."), "ui", "view"))
}
