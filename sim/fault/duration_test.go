package fault

import (
	"regexp"
	"testing"

	"github.com/stretchr/testify/assert"
)

// oldGoDuration is the regular expression isGoDuration replaced (the page links no regexp).
var oldGoDuration = regexp.MustCompile(`^(?:(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:ns|us|µs|μs|ms|s|m|h))+$`)

var durationInputs = []string{
	"", "5", "s", "5s", "5m", "5ms", "5h30m", "1.5h", "2.s", ".5s", ".s", "..5s", "5..s", "1.2.3s", "5us", "5µs", "5μs",
	"5ns", "5msm", "5mss", "5sm", "5m5", "-5s", "+5s", "5 s", "5S", "99999999999999999999h", "9223372036854775808ns",
	"1h1m1s1ms1us1ns", "0", "0s", "00.00s", "5\xb5s", "5\xc2s", "1d", "5m.", "5m.5s", ".5.5s",
}

func FuzzGoDuration(f *testing.F) {
	for _, s := range durationInputs {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		assert.Equal(t, oldGoDuration.MatchString(s), isGoDuration(s), "isGoDuration(%q)", s)
	})
}

func TestGoDurationAsRegexp(t *testing.T) {
	for _, s := range durationInputs {
		assert.Equal(t, oldGoDuration.MatchString(s), isGoDuration(s), "isGoDuration(%q)", s)
	}
}
