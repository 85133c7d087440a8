package view

// Modules of the page that web/loader.js loads when they are first needed (ModuleFailed).
const (
	SenderAuthModule = "senderauth" // senderauth.wasm: checks SPF and DKIM, signs with DKIM
	AuthorModule     = "own.author" // author.wasm: reads a teacher's own files
)

// ModuleProblem is why the page could not load one of its modules: no answer came,
// the server answered with an error status, or the module came but did not start.
type ModuleProblem struct {
	module string // SenderAuthModule or AuthorModule
	status int    // 0: no answer; -1: it came but did not start; else the HTTP status
}

// ModuleFailed is the problem of a module that web/loader.js could not load: status is
// the server's HTTP status, 0 when no answer came, and -1 when the module came but did
// not start (it arrived damaged, or is not served as WebAssembly). The page says it
// (Say) in its own words; the browser's text about it is not the page's to show.
func ModuleFailed(module string, status int) *ModuleProblem {
	return &ModuleProblem{module: module, status: status}
}

// Say is the problem in lang: which module, why, and what to do.
func (p *ModuleProblem) Say(lang string) string {
	switch {
	case p.status == 0:
		return T(lang, p.module+".failed.network")
	case p.status < 0:
		return T(lang, p.module+".failed.broken")
	}
	return T(lang, p.module+".failed.status", p.status)
}
