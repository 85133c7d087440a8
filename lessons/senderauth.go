package lessons

// Whether a lesson's world signs or checks senders, asked before it is opened: the
// page then first loads the module that does that (wasm/senderauthgate.go).

// NeedsSenderAuth reports whether built-in lesson id runs a world that signs or checks
// senders (scenario.Scenario.NeedsSenderAuth). The lesson is decoded once: it waits
// for the next Find, as a preloaded one does.
func NeedsSenderAuth(id string) bool {
	if !Preload(id) {
		return false
	}
	l, ok := preloaded.Load(id)
	return ok && l.(*Lesson).World.NeedsSenderAuth()
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
