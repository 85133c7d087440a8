package view

import (
	"bytes"
	"cmp"

	"smtpsim/sim/render"
)

// Export renders the whole run for download, as smtpsim export does: "txt"
// (transcript), "json" (JSON Lines trace), "svg" (sequence diagram) or "pcap" (packet
// capture), with a file name.
func (p *Page) Export(format string) (name string, data []byte, err error) {
	base := cmp.Or(p.State.Lesson, p.State.World)
	if base == "" {
		base = "smtpsim"
	}
	f := render.Format(format)
	var b bytes.Buffer
	err = render.Write(&b, f, p.Run())
	return base + "." + f.Ext(), b.Bytes(), err
}

// Run is the page's run as the renderers read it: the whole trace, in the page's
// language.
func (p *Page) Run() render.Run {
	return render.Run{Trace: p.Trace, Scenario: p.Scenario, Title: p.Title(), Lang: p.Lang, Hosts: p.World.Addresses()}
}
