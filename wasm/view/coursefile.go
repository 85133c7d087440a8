package view

import (
	"slices"
	"strings"

	"smtpsim/lessons"
)

// The page's module does not carry the built-in course's lessons and scenarios, nor
// the catalog of explanations: the page fetches a lesson's compiled file (or a sandbox
// world's) when it is opened, with the catalog unless it has it (RunFiles), and hands
// them to package lessons (lessons.Provide) before Open, OpenWith, OpenSession or
// LoadOwn runs: a run's narration and explanations look in the catalog, and a lookup
// that finds nothing drops its explanation.

// CourseFile is the compiled file of the built-in course that opening s reads (Open):
// the sandbox world's, the lesson's, or — for an id the course lacks — the first
// lesson's, which Open shows instead; "" for a file of the learner's own.
func CourseFile(s State) string {
	if s.Own != "" {
		return ""
	}
	isLesson := func(id string) bool {
		return slices.ContainsFunc(lessons.Index(), func(e lessons.Entry) bool { return e.ID == id })
	}
	isWorld := func(id string) bool { return slices.Contains(lessons.ScenarioIDs(), id) }
	switch {
	case s.World != "" && isWorld(s.World):
		return lessons.WorldFile(s.World)
	case s.World == "" && isLesson(s.Lesson):
		return lessons.LessonFile(s.Lesson)
	case s.World == "" && isWorld(s.Lesson):
		return lessons.WorldFile(s.Lesson) // a link from before world=
	}
	if index := lessons.Index(); len(index) > 0 {
		return lessons.LessonFile(index[0].ID)
	}
	return ""
}

// RunFiles are the files that opening s reads: CourseFile(s) unless the state runs
// the learner's own files, and the catalog of explanations' part in the language of
// the run (English when s names none, as Open), after the page's words in that
// language if it lacks them (PhrasesIn).
func RunFiles(s State) []string { return runFiles(CourseFile(s), s.Lang) }

// SessionFiles are the compiled files that restoring s reads (OpenSession).
func SessionFiles(s Session) []string { return runFiles(SessionCourseFile(s), s.lang()) }

func runFiles(name, lang string) []string {
	if lang == "" {
		lang = "en"
	}
	files := append(PhrasesIn(lang), lessons.CatalogFile(lang))
	if name == "" {
		return files
	}
	return append([]string{name}, files...)
}

// isCatalog reports whether name is a part of the catalog of explanations.
func isCatalog(name string) bool {
	return slices.ContainsFunc(lessons.Languages, func(lang string) bool { return name == lessons.CatalogFile(lang) })
}

// SessionCourseFile is the compiled file of the course that restoring s reads
// (OpenSession), "" when it runs the learner's own files.
func SessionCourseFile(s Session) string {
	if len(s.Own) > 0 {
		return ""
	}
	st, _ := s.State()
	return CourseFile(State{Lesson: st.Lesson, World: st.World, Own: st.Own})
}

// courseFileTitle is what the page calls a compiled file of the course in lang: the
// lesson's or the sandbox world's title, the teacher's guide's, or the catalog's.
func courseFileTitle(lang, name string) string {
	if of, ok := PhrasesLang(name); ok {
		return T(lang, "course.phrases", T(lang, "lang."+of))
	}
	if isCatalog(name) {
		return T(lang, "course.catalog")
	}
	if strings.HasPrefix(name, "guide/") {
		return T(lang, "guide.title")
	}
	id := strings.TrimSuffix(name[strings.IndexByte(name, '/')+1:], ".json")
	if strings.HasPrefix(name, "world/") {
		return SandboxTitle(lang, id)
	}
	for _, e := range lessons.Index() {
		if e.ID == id {
			return e.Title(lang)
		}
	}
	return id
}

// CourseLoading is what the page says while it fetches a compiled file of the course.
func CourseLoading(lang, name string) string {
	return T(lang, "course.loading", courseFileTitle(lang, name))
}

// CourseProblem is why a compiled file of the course the page fetched cannot be used:
// no answer came, the server answered with an error status, or the file is damaged.
type CourseProblem struct {
	name   string
	status int // 0: no answer; 200: an answer came (any 2xx) but does not decode
}

// Fetched takes a compiled file of the course as the page fetched it: status is the
// HTTP status, 0 when no answer came, and data the body. A good file goes to the
// course (lessons.Provide) and Fetched returns nil; otherwise the problem, which the
// page says (Say) with an offer to try again.
func Fetched(name string, status int, data []byte) *CourseProblem {
	if status >= 200 && status < 300 {
		if provide(name, data) == nil {
			return nil
		}
		status = 200 // it came, but does not decode
	}
	return &CourseProblem{name: name, status: status}
}

// provide hands in a fetched file: the page's words in a language, or a compiled file
// of the course (lessons.Provide).
func provide(name string, data []byte) error {
	if lang, ok := PhrasesLang(name); ok {
		return providePhrases(lang, data)
	}
	return lessons.Provide(name, data)
}

// Have reports whether the page has a file it may fetch: the page's words in a
// language (PhrasesFile), or a compiled file of the course (lessons.Have).
func Have(name string) bool {
	if lang, ok := PhrasesLang(name); ok {
		return HavePhrases(lang)
	}
	return lessons.Have(name)
}

// Status is the server's HTTP status, 0 when no answer came, 200 when the file came
// but is damaged.
func (p *CourseProblem) Status() int { return p.status }

// Say is the problem in lang, naming the lesson or world by its title there.
func (p *CourseProblem) Say(lang string) string {
	title := courseFileTitle(lang, p.name)
	switch p.status {
	case 0:
		return T(lang, "course.failed.network", title)
	case 200:
		return T(lang, "course.failed.broken", title)
	}
	return T(lang, "course.failed.status", title, p.status)
}
