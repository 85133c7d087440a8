package view

import "smtpsim/lessons"

// NeedsSenderAuth reports whether Open(s) runs a world that signs or checks senders,
// so that the page first loads the module that does that. A state that names a file
// of the learner's own is answered by its compiled files (lessons.Own.NeedsSenderAuth).
func NeedsSenderAuth(s State) bool {
	if s.Own != "" {
		return false
	}
	if s.World == "" {
		if lessons.NeedsSenderAuth(s.Lesson) {
			return true
		}
		s.World = s.Lesson // Open falls back to a sandbox world of that id
	}
	sc, ok := lessons.World(s.World)
	return ok && sc.NeedsSenderAuth()
}

// NeedsSenderAuth reports whether opening the session runs a world that signs or checks
// senders; its own files, if it has any, are asked once compiled.
func (s Session) NeedsSenderAuth() bool {
	return len(s.Own) == 0 && NeedsSenderAuth(State{Lesson: s.Lesson, World: s.World})
}
