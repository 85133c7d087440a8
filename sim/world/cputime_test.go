//go:build unix

package world_test

import (
	"syscall"
	"testing"
	"time"
)

// cpuTime returns the user+system CPU time the process has used so far. On a loaded
// machine wall time swings with the scheduler; CPU time much less.
func cpuTime(tb testing.TB) time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		tb.Fatalf("getrusage: %v", err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
