package keytable_test

import (
	"crypto/rsa"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"smtpsim/sim/auth"
	"smtpsim/sim/auth/spfdkim"
	"smtpsim/sim/auth/spfdkim/internal/keytable"
)

// TestKeyTableAsDerived: keys_gen.go is what the generator writes now, so every key in
// it is the key derived from its seed, and the course signs with RSA somewhere (else
// the table would test nothing).
func TestKeyTableAsDerived(t *testing.T) {
	uses, err := keytable.Uses()
	require.NoError(t, err)
	want, err := keytable.Source(uses)
	require.NoError(t, err)
	got, err := os.ReadFile(filepath.Join("..", "..", "keys_gen.go"))
	require.NoError(t, err)
	require.Equal(t, string(want), string(got), "keys_gen.go is stale: run go generate ./sim/auth/spfdkim")
	rsaUses := 0
	for _, u := range uses {
		if u.Signing.Algorithm != auth.RSASHA256 {
			assert.Nil(t, u.TableKey(), "%v: only RSA keys are in the table", u)
			continue
		}
		rsaUses++
		table, ok := u.TableKey().(*rsa.PrivateKey)
		require.True(t, ok, "%v is in the table", u)
		derived := u.Derive().(*rsa.PrivateKey)
		assert.True(t, derived.Equal(table), "%v: the table's key is the derived one", u)
		assert.Same(t, spfdkim.Key(u.Signing, u.Seed), spfdkim.Key(u.Signing, u.Seed), "Key keeps the key it took")
		assert.True(t, derived.Equal(spfdkim.Key(u.Signing, u.Seed)), "%v: Key gives the derived key", u)
	}
	require.Positive(t, rsaUses, "the course signs with RSA")
}

// TestKeyOutsideTheTable: a seed the course does not use is not in the table, and Key
// derives its key.
func TestKeyOutsideTheTable(t *testing.T) {
	u := spfdkim.KeyUse{Signing: auth.Signing{Domain: "example.org", Selector: "s2026", Algorithm: auth.RSASHA256}, Seed: 987654321}
	require.Nil(t, u.TableKey())
	key, ok := spfdkim.Key(u.Signing, u.Seed).(*rsa.PrivateKey)
	require.True(t, ok)
	assert.True(t, key.Equal(u.Derive()))
	assert.Equal(t, 2048, key.N.BitLen())
}
