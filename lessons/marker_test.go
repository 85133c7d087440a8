package lessons

import (
	"regexp"
	"testing"

	"github.com/stretchr/testify/assert"
)

// oldMarker is the regular expression eachMarker replaced (the page links no regexp).
var oldMarker = regexp.MustCompile(markerOpen + `(\d+)` + markerClose)

var markerInputs = []string{
	"", markerOpen, markerClose, markerOpen + markerClose, markerOpen + "1" + markerClose, "<p>" + Marker(3, 8) + "</p>",
	Marker(0, 7) + Marker(12, 9), markerOpen + markerOpen + "12" + markerClose, markerOpen + "1x" + markerClose + markerOpen + "2" + markerClose,
	markerOpen + "99999999999999999999999" + markerClose, markerOpen + "١" + markerClose, "\xee\x80" + markerOpen + "5" + markerClose,
	markerOpen + "5" + markerClose + markerClose, "text " + markerOpen + "0" + " " + markerClose,
}

// oldMarkers lists the markers the regular expression finds: place and number.
func oldMarkers(s string) [][3]any {
	var out [][3]any
	for _, m := range oldMarker.FindAllStringSubmatchIndex(s, -1) {
		out = append(out, [3]any{m[0], m[1], s[m[2]:m[3]]})
	}
	return out
}

func newMarkers(s string) [][3]any {
	var out [][3]any
	eachMarker(s, func(start, end int, number string) { out = append(out, [3]any{start, end, number}) })
	return out
}

func FuzzMarkers(f *testing.F) {
	for _, s := range markerInputs {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) { assert.Equal(t, oldMarkers(s), newMarkers(s), "%q", s) })
}

func TestMarkersAsRegexp(t *testing.T) {
	for _, s := range markerInputs {
		assert.Equal(t, oldMarkers(s), newMarkers(s), "%q", s)
	}
}
