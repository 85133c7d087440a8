package world

// Hooks for the tests in package world_test that compare a run with one as the world
// ran before the spares and armUnlessAnswered (spares_random_test.go).

// FreshSpares makes w build every connection and every attempt's groups anew.
func FreshSpares(w *World) { w.spares.fresh = true }

// EveryWait makes w put every client's wait for a reply on the agenda.
func EveryWait(w *World) { w.everyWait = true }
