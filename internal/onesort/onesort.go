// Package onesort sorts a slice of any element type with one copy of the sort's code.
//
// The compiler makes a copy of slices.SortFunc's code for every element type that is
// not a pointer (its GC shape): some 21 kB of the page's module each, 6 kB for
// slices.SortStableFunc. Func and StableFunc sort the slice's indexes instead — the
// one copy for []int that every caller shares — and then move the elements into that
// order. The comparisons and swaps are the same as the direct sort's, so the result is
// the same, element for element, ties included.
package onesort

import "slices"

// Func sorts s in the order cmp gives, as slices.SortFunc(s, cmp) does.
func Func[S ~[]E, E any](s S, cmp func(a, b E) int) {
	idx := indexes(len(s))
	slices.SortFunc(idx, func(i, j int) int { return cmp(s[i], s[j]) })
	permute(idx, func(i, j int) { s[i], s[j] = s[j], s[i] })
}

// StableFunc sorts s in the order cmp gives, keeping equal elements in their order,
// as slices.SortStableFunc(s, cmp) does.
func StableFunc[S ~[]E, E any](s S, cmp func(a, b E) int) {
	idx := indexes(len(s))
	slices.SortStableFunc(idx, func(i, j int) int { return cmp(s[i], s[j]) })
	permute(idx, func(i, j int) { s[i], s[j] = s[j], s[i] })
}

// indexes returns 0, 1, … n-1.
func indexes(n int) []int {
	idx := make([]int, n)
	for i := range idx {
		idx[i] = i
	}
	return idx
}

// permute puts the element at idx[k] at k, for every k, in place, swapping along one
// cycle of the permutation at a time; one copy of its code serves every element type.
// It uses up idx.
func permute(idx []int, swap func(i, j int)) {
	for k := range idx {
		j := k
		for idx[j] >= 0 {
			next := idx[j]
			idx[j] = -1
			if next == k {
				break // j holds what was at k: the cycle is done
			}
			swap(j, next) // j gets its element; next holds what was at k
			j = next
		}
	}
}
