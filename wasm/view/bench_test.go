package view_test

import (
	"testing"

	"smtpsim/wasm/view"
)

// BenchmarkStep is the view-model work of one step on lesson 15 (bulk): move, then
// compute everything the page draws.
func BenchmarkStep(b *testing.B) {
	p, _ := view.Open(view.State{Lesson: "bulk", Step: 100})
	step := backAndForth(p)
	b.ReportAllocs()
	for b.Loop() {
		step()
		p.Arrows(200)
		p.Topology()
		p.Transcript()
		p.Narration()
		p.Question()
	}
}

// BenchmarkStepLongRun is a step near the end of the longest lesson
// (trouble-that-stays, demonstrated: no question stops it), back and forth, with all
// the page draws then: the diagram of every row so far, the network at the size of its
// panel at 1366×768, the transcript, the narration and the question.
func BenchmarkStepLongRun(b *testing.B) {
	p, _ := view.Open(view.State{Lesson: "trouble-that-stays", Step: -1, Demo: true})
	p.End()
	p.Seek(p.Step - 50)
	step := backAndForth(p)
	b.ReportAllocs()
	for b.Loop() {
		step()
		p.Ladder()
		p.TopologyMarkup(531, 287)
		p.Transcript()
		p.Narration()
		p.Question()
	}
}

// backAndForth returns a step of p forward, then back, by turns.
func backAndForth(p *view.Page) func() {
	forward := true
	return func() {
		if forward {
			p.Seek(p.Step + 1)
		} else {
			p.Seek(p.Step - 1)
		}
		forward = !forward
	}
}

// BenchmarkFaultReplay injects a fault at the current step of lesson 15 (bulk) and replays.
func BenchmarkFaultReplay(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		b.StopTimer()
		p, _ := view.Open(view.State{Lesson: "bulk", Step: 40})
		b.StartTimer()
		if err := p.AddFault("greylist:mx.example.net"); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkLadder draws the whole diagram at the last step of lesson 15 (bulk), the
// page's longest ladders (a demonstration skips the questions, so End is the last event).
func BenchmarkLadder(b *testing.B) {
	for _, lesson := range []string{"bulk", "trouble-that-stays"} {
		b.Run(lesson, func(b *testing.B) {
			p, _ := view.Open(view.State{Lesson: lesson, Step: -1, Demo: true})
			p.End()
			b.ReportAllocs()
			for b.Loop() {
				p.Ladder()
			}
		})
	}
}

// BenchmarkTopology draws the network at the last event of lesson 14 (bulk): the most
// messages and recipients to place.
func BenchmarkTopology(b *testing.B) {
	p, _ := view.Open(view.State{Lesson: "bulk", Step: -1, Demo: true})
	p.End()
	b.ReportAllocs()
	for b.Loop() {
		p.TopologyMarkup(0, 0)
	}
}
