package view

import (
	"bytes"
	"fmt"

	"smtpsim/sim/capture"
)

// Export renders the whole run for download: "txt" (transcript), "json" (JSON Lines
// trace), "svg" (sequence diagram) or "pcap" (packet capture), with a file name.
func (p *Page) Export(format string) (name string, data []byte, err error) {
	var b bytes.Buffer
	base := p.State.Lesson
	if base == "" {
		base = "smtpsim"
	}
	switch format {
	case "txt":
		p.WriteText(&b)
	case "json":
		err = p.Trace.WriteJSON(&b)
		format = "jsonl"
	case "svg":
		err = p.WriteSVG(&b)
	case "pcap":
		err = capture.WritePCAP(&b, p.Trace, p.World.Addresses())
	default:
		return "", nil, fmt.Errorf("unknown export format %q (expected txt, json, svg or pcap)", format)
	}
	return base + "." + format, b.Bytes(), err
}
