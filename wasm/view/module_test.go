package view_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"

	"smtpsim/wasm/view"
)

// TestModuleFailed: a module that could not be loaded is said in the page's words in
// each language — which module (by its file), why (no answer, the server's status, did
// not start) and what to do — with nothing of the browser's own text.
func TestModuleFailed(t *testing.T) {
	for _, c := range []struct {
		module string
		status int
		en, de string
	}{
		{view.SenderAuthModule, 0, "(senderauth.wasm) could not be loaded: the server did not answer", "(senderauth.wasm), konnte nicht geladen werden: Der Server hat nicht geantwortet"},
		{view.SenderAuthModule, 404, "the server answered with status 404", "Der Server hat mit dem Status 404 geantwortet"},
		{view.SenderAuthModule, -1, "it arrived damaged or did not start", "Es ist beschädigt angekommen oder ließ sich nicht starten"},
		{view.AuthorModule, 0, "(author.wasm) could not be loaded: the server did not answer", "(author.wasm), konnte nicht geladen werden: Der Server hat nicht geantwortet"},
		{view.AuthorModule, 503, "the server answered with status 503", "Der Server hat mit dem Status 503 geantwortet"},
		{view.AuthorModule, -1, "it arrived damaged or did not start", "Es ist beschädigt angekommen oder ließ sich nicht starten"},
	} {
		t.Run(fmt.Sprint(c.module, c.status), func(t *testing.T) {
			p := view.ModuleFailed(c.module, c.status)
			en, de := p.Say("en"), p.Say("de")
			assert.Contains(t, en, c.en)
			assert.Contains(t, de, c.de)
			todo := map[string][2]string{
				view.SenderAuthModule: {"open the lesson or world again", "öffne die lektion oder welt"},
				view.AuthorModule:     {"open your files again", "öffne deine dateien"},
			}[c.module]
			assert.Contains(t, strings.ToLower(en), todo[0], "what to do")
			assert.Contains(t, strings.ToLower(de), todo[1], "what to do")
			assert.NotContains(t, en, "%!", "formatted")
			assert.NotContains(t, de, "%!", "formatted")
		})
	}
}
