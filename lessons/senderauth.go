package lessons

// Whether a lesson's world signs or checks senders, asked before it is opened: the
// page then first loads the module that does that (wasm/senderauthgate.go).

// NeedsSenderAuth reports whether built-in lesson id runs a world that signs or checks
// senders (scenario.Scenario.NeedsSenderAuth); false while its file is not at hand
// (the page asks once it has fetched it). The lesson is decoded once: it waits for the
// next Find, as a provided one does.
func NeedsSenderAuth(id string) bool {
	if l, ok := preloaded.Load(id); ok {
		return l.(*Lesson).World.NeedsSenderAuth()
	}
	l, err := load(id)
	if err != nil {
		return false
	}
	preloaded.Store(id, l)
	return l.World.NeedsSenderAuth()
}

// NeedsSenderAuth reports whether own files compiled to a world that signs or checks
// senders; false for files that did not compile.
func (o Own) NeedsSenderAuth() bool {
	switch o.Kind {
	case OwnLesson:
		l, err := Decode(o.Data)
		return err == nil && l.World.NeedsSenderAuth()
	case OwnScenario:
		sc, err := DecodeWorld(o.Data)
		return err == nil && sc.NeedsSenderAuth()
	}
	return false
}
