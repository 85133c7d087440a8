package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"smtpsim/lessons"
	"smtpsim/sim/trace"
	"smtpsim/sim/world"
)

// retryBomb is a scenario that validate accepts and that goes past the events budget:
// a retry every second for five days to a server that refuses connections.
func retryBomb(t *testing.T) string {
	t.Helper()
	src, _, ok := lessons.Scenario("retries")
	require.True(t, ok)
	s := strings.Replace(string(src), "retry: {first: 300s, max: 4000s, lifetime: 5d}", "retry: {first: 1s, max: 1s, lifetime: 5d}", 1)
	s = strings.Replace(s, "  - down:mx.example.com", "  - refuse:mx.example.com", 1)
	require.NotEqual(t, string(src), s)
	file := filepath.Join(t.TempDir(), "bomb.yaml")
	require.NoError(t, os.WriteFile(file, []byte(s), 0o644))
	code, out, _ := runCLI("validate", file)
	require.Equal(t, 0, code, out)
	return file
}

// A run past its budget exits 1 naming the budget and the virtual time; the trace so
// far is still written, in every format.
func TestRunPastBudget(t *testing.T) {
	file := retryBomb(t)
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"text", []string{"run", file}, "mail.example.org → mx.example.com  connect to port 25"},
		{"json", []string{"run", file, "--format", "json"}, `"kind":"summary"`},
		{"export txt", []string{"export", "--format", "txt", "--out", "-", file}, "connect to port 25"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errOut := runCLI(tt.args...)
			assert.Equal(t, 1, code)
			assert.Contains(t, errOut, "the run stopped at virtual time ")
			assert.Contains(t, errOut, "events budget of 500000 events")
			assert.Contains(t, out, tt.want)
		})
	}
}

// The JSON of a completed run is what WriteJSON writes, byte for byte.
func TestRunJSONStreamsTheSameBytes(t *testing.T) {
	for _, id := range []string{"first-mail", "retries", "newsletter", "attachments"} {
		_, err := lessons.Find(id)
		require.Error(t, err, "%s is a lesson id: run would run the lesson", id)
		code, out, errOut := runCLI("run", id, "--format", "json", "--payloads")
		require.Equal(t, 0, code, errOut)
		sc, err := loadScenario(id)
		require.NoError(t, err)
		var want bytes.Buffer
		tr := world.Run(*sc)
		require.NoError(t, tr.WriteJSONWith(&want, trace.JSONOptions{Payloads: true}))
		assert.True(t, want.String() == out, "%s: the streamed JSON differs from WriteJSON's", id)
	}
}

// failingWriter is standard output closed by the reader (smtpsim run … | head -1).
type failingWriter struct{ writes int }

func (f *failingWriter) Write(p []byte) (int, error) {
	f.writes++
	return 0, errors.New("broken pipe")
}

// --format json writes events as the run makes them: output that fails at its first
// write stops the run at once, instead of after simulating it all.
func TestRunJSONStreams(t *testing.T) {
	file := retryBomb(t)
	start := time.Now()
	var full bytes.Buffer
	run([]string{"run", file, "--format", "json"}, &full, new(bytes.Buffer))
	whole := time.Since(start)
	lines := 0
	for sc := bufio.NewScanner(&full); sc.Scan(); lines++ {
		var v map[string]any
		require.NoError(t, json.Unmarshal(sc.Bytes(), &v))
	}
	require.Greater(t, lines, 100_000)

	start = time.Now()
	w := &failingWriter{}
	var errOut bytes.Buffer
	code := run([]string{"run", file, "--format", "json"}, w, &errOut)
	early := time.Since(start)
	assert.Equal(t, 1, code)
	assert.Contains(t, errOut.String(), "broken pipe")
	assert.Equal(t, 1, w.writes)
	assert.Less(t, early*5, whole, "stopped at the first write (%v), not after the whole run (%v)", early, whole)
}

// validate and run read no more of a file than the byte budget and one octet: a file
// of gigabytes is refused at once.
func TestValidateRefusesHugeFile(t *testing.T) {
	file := filepath.Join(t.TempDir(), "huge.yaml")
	f, err := os.Create(file)
	require.NoError(t, err)
	require.NoError(t, f.Truncate(4<<30)) // sparse: takes no disk
	require.NoError(t, f.Close())
	for _, cmd := range []string{"validate", "run"} {
		start := time.Now()
		code, out, errOut := runCLI(cmd, file)
		assert.Equal(t, 1, code)
		assert.Contains(t, out+errOut, file+":1:1: the file has more than 1048576 octets")
		assert.Less(t, time.Since(start), 2*time.Second)
	}
}
