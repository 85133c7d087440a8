package onesort_test

import (
	"cmp"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"

	"smtpsim/internal/onesort"
)

type item struct {
	key  int
	name string
}

// byKey compares keys alone: items with the same key tie.
func byKey(a, b item) int { return cmp.Compare(a.key, b.key) }

// TestSameAsSlices: element for element the order slices.SortFunc and
// slices.SortStableFunc give, ties included, for slices of many lengths and many ties.
func TestSameAsSlices(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for n := range 200 {
		for _, keys := range []int{1, 3, n + 1} {
			s := make([]item, n)
			for i := range s {
				s[i] = item{key: r.IntN(keys), name: string(rune('a' + i%26))}
			}
			want, got := slices.Clone(s), slices.Clone(s)
			slices.SortFunc(want, byKey)
			onesort.Func(got, byKey)
			assert.Equal(t, want, got, "Func, %d items, %d keys", n, keys)

			want, got = slices.Clone(s), slices.Clone(s)
			slices.SortStableFunc(want, byKey)
			onesort.StableFunc(got, byKey)
			assert.Equal(t, want, got, "StableFunc, %d items, %d keys", n, keys)
		}
	}
}

// FuzzFunc: Func and StableFunc order as slices does, for any keys.
func FuzzFunc(f *testing.F) {
	f.Add([]byte{3, 1, 2, 1, 0})
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, keys []byte) {
		s := make([]item, len(keys))
		for i, k := range keys {
			s[i] = item{key: int(k % 7), name: string(rune('a' + i%26))}
		}
		want, got := slices.Clone(s), slices.Clone(s)
		slices.SortFunc(want, byKey)
		onesort.Func(got, byKey)
		assert.Equal(t, want, got, "Func")

		want, got = slices.Clone(s), slices.Clone(s)
		slices.SortStableFunc(want, byKey)
		onesort.StableFunc(got, byKey)
		assert.Equal(t, want, got, "StableFunc")
	})
}
