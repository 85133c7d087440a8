package trace_test

import (
	"bytes"
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"smtpsim/sim/trace"
)

func sample() *trace.Trace {
	tr := &trace.Trace{Start: time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)}
	tr.Append(trace.Event{Time: 0, Kind: trace.KindConnect, Actor: "mta.example.org", Peer: "mx.example.net", Port: 25, Proto: "smtp"})
	tr.Append(trace.Event{Time: 3120 * time.Millisecond, Kind: trace.KindLine, Actor: "mta.example.org", Peer: "mx.example.net", Dir: trace.DirSend, Line: "RCPT TO:<bob@example.net>"})
	tr.Append(trace.Event{Time: 3140 * time.Millisecond, Kind: trace.KindLine, Actor: "mta.example.org", Peer: "mx.example.net", Dir: trace.DirRecv, Line: "450 4.2.0 Greylisted", Code: 450, Status: "4.2.0"})
	tr.Append(trace.Event{Time: 26 * time.Hour, Kind: trace.KindDefer, Actor: "mta.example.org", Msg: "m1", Rcpt: "bob@example.net", Code: 450, Status: "4.2.0", Next: (26*time.Hour + 5*time.Minute).Milliseconds()})
	tr.Outcomes = []trace.Outcome{{Msg: "m1", Rcpt: "bob@example.net", Outcome: trace.OutcomeDeferred, TimeMS: 93600000}}
	return tr
}

func TestText(t *testing.T) {
	var b bytes.Buffer
	require.NoError(t, sample().WriteText(&b))
	lines := strings.Split(b.String(), "\n")
	assert.Equal(t, "12:00:00.000 mta.example.org → mx.example.net  connect to port 25 (smtp)", lines[0])
	assert.Equal(t, "12:00:03.120 mta.example.org → mx.example.net  C: RCPT TO:<bob@example.net>", lines[1])
	assert.Equal(t, "12:00:03.140 mta.example.org ← mx.example.net  S: 450 4.2.0 Greylisted", lines[2])
	assert.Equal(t, "+1d 14:00:00.000 mta.example.org  defer m1 <bob@example.net> 450 4.2.0 (next attempt +1d 14:05:00.000)", lines[3])
	assert.Contains(t, b.String(), "m1 bob@example.net")
}

func TestJSONLines(t *testing.T) {
	var b bytes.Buffer
	require.NoError(t, sample().WriteJSON(&b))
	lines := strings.Split(strings.TrimSpace(b.String()), "\n")
	require.Len(t, lines, 5)
	var e map[string]any
	require.NoError(t, json.Unmarshal([]byte(lines[2]), &e))
	assert.EqualValues(t, 3, e["seq"])
	assert.EqualValues(t, 3140, e["time_ms"])
	assert.Equal(t, "line", e["kind"])
	assert.Equal(t, "recv", e["dir"])
	assert.EqualValues(t, 450, e["code"])
	assert.Equal(t, "4.2.0", e["status"])
	var sum map[string]any
	require.NoError(t, json.Unmarshal([]byte(lines[4]), &sum))
	assert.Equal(t, "summary", sum["kind"])
	assert.Equal(t, "deferred", sum["recipients"].([]any)[0].(map[string]any)["outcome"])
}

func TestNavigation(t *testing.T) {
	tr := sample()
	assert.Equal(t, 1, tr.Next(-1, trace.KindLine))
	assert.Equal(t, 2, tr.Next(1, trace.KindLine))
	assert.Equal(t, -1, tr.Next(2, trace.KindLine))
	assert.Equal(t, 3, tr.Next(0, trace.KindDefer, trace.KindBounce))
	assert.Equal(t, 2, tr.Prev(3, trace.KindLine))
	assert.Equal(t, -1, tr.Prev(0, trace.KindLine))
	assert.Equal(t, 2, tr.Find(func(e trace.Event) bool { return e.Code == 450 }))
}

// OfKind yields the events of the kinds asked for, and only those, as All does.
func TestOfKind(t *testing.T) {
	tr := sample()
	for _, kinds := range [][]trace.Kind{
		{trace.KindLine}, {trace.KindDefer, trace.KindConnect}, {trace.KindBounce}, {trace.KindLine, trace.KindBounce}, nil,
	} {
		var want, got []int
		for i, e := range tr.All() {
			if slices.Contains(kinds, e.Kind) {
				want = append(want, i)
			}
		}
		for i, e := range tr.OfKind(kinds...) {
			assert.Equal(t, tr.At(i), e, kinds)
			got = append(got, i)
		}
		assert.Equal(t, want, got, kinds)
	}
	n := 0
	for range tr.OfKind(trace.KindLine) {
		n++
		break
	}
	assert.Equal(t, 1, n, "a loop may stop early")
}
