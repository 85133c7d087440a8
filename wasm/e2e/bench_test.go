//go:build interop

package e2e

import (
	"fmt"
	"sort"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// startMarks are the performance marks of a start, in order: loader.js marks the
// module fetched and compiled, the Go program marks main (runtime and package
// initialisation done) and ready (lesson list on screen).
var startMarks = []string{"fetched", "compiled", "main", "ready"}

// BenchmarkColdLoad opens the page in a fresh tab until the lesson list is
// interactive, and, alternately in the same browser, a minimal Go + dom/v2 page
// (testdata/minimal) as the baseline; it reports both medians, their ratio, and the
// page's median time from navigation to each start mark (-benchtime=5x: median of 5).
func BenchmarkColdLoad(b *testing.B) {
	ctx, url := browser(b)
	var page, baseline []time.Duration
	marks := map[string][]time.Duration{}
	open := func(path string, read bool) time.Duration {
		tab, cancel := chromedp.NewContext(ctx)
		defer cancel()
		start := time.Now()
		if err := chromedp.Do(tab, chromedp.Navigate(url+path), chromedp.WaitVisible(`#lesson-list li a`)); err != nil {
			b.Fatal(err)
		}
		took := time.Since(start)
		if read {
			const js = `Object.fromEntries(performance.getEntriesByType("mark").filter(m => m.name.startsWith("smtpsim:")).map(m => [m.name.slice(8), m.startTime]))`
			at, err := chromedp.Run(tab, chromedp.Evaluate[map[string]float64](js))
			if err != nil {
				b.Fatal(err)
			}
			for _, m := range startMarks {
				marks[m] = append(marks[m], time.Duration(at[m]*float64(time.Millisecond)))
			}
		}
		return took
	}
	for b.Loop() {
		page = append(page, open("/index.html", true))
		baseline = append(baseline, open("/minimal.html", false))
	}
	b.ReportMetric(ms(median(page)), "ms-median")
	b.ReportMetric(ms(median(baseline)), "baseline-ms-median")
	b.ReportMetric(float64(median(page))/float64(median(baseline)), "x-baseline")
	for _, m := range startMarks {
		b.ReportMetric(ms(median(marks[m])), m+"-ms")
	}
}

// BenchmarkFirstLesson opens the lesson list in a fresh tab, clicks the first lesson
// and measures inside the page until its title and step controls are on screen.
func BenchmarkFirstLesson(b *testing.B) {
	ctx, url := browser(b)
	const click = `new Promise(resolve => {
		const title = document.getElementById("lesson-title");
		const start = performance.now();
		document.querySelector("#lesson-list li a").click();
		const check = () => title.textContent !== "" && title.checkVisibility() && !document.getElementById("ctl-forward").disabled ?
			resolve(performance.now() - start) : setTimeout(check, 0);
		check();
	})`
	var times []time.Duration
	for b.Loop() {
		tab, cancel := chromedp.NewContext(ctx)
		if err := chromedp.Do(tab, chromedp.Navigate(url+"/index.html"), chromedp.WaitVisible(`#lesson-list li a`)); err != nil {
			b.Fatal(err)
		}
		took, err := chromedp.Run(tab, chromedp.Evaluate[float64](click, chromedp.EvalAwaitPromise))
		if err != nil {
			b.Fatal(err)
		}
		cancel()
		times = append(times, time.Duration(took*float64(time.Millisecond)))
	}
	b.ReportMetric(ms(median(times)), "ms-median")
}

func ms(d time.Duration) float64 { return d.Seconds() * 1000 }

// BenchmarkBrowserStep presses → on lesson 15 (bulk) and waits for the page to show
// the next step; it reports the median round trip, CDP included.
func BenchmarkBrowserStep(b *testing.B) {
	ctx, url := browser(b)
	if err := chromedp.Do(ctx, chromedp.Navigate(url+"/index.html#lesson=newsletter&step=50"), chromedp.WaitVisible(`#lesson-title`)); err != nil {
		b.Fatal(err)
	}
	var times []time.Duration
	step := 50
	// Measured inside the page: from the key press to the new step on screen.
	const press = `new Promise(resolve => {
		const want = String(Number(document.getElementById("scrubber").value) + 1);
		const start = performance.now();
		document.dispatchEvent(new KeyboardEvent("keydown", {key: "ArrowRight"}));
		const check = () => document.getElementById("scrubber").value === want ? resolve(performance.now() - start) : setTimeout(check, 0);
		check();
	})`
	for b.Loop() {
		step++
		ms, err := chromedp.Run(ctx, chromedp.Evaluate[float64](press, chromedp.EvalAwaitPromise))
		if err != nil {
			b.Fatal(err)
		}
		times = append(times, time.Duration(ms*float64(time.Millisecond)))
	}
	_ = fmt.Sprint(step)
	b.ReportMetric(median(times).Seconds()*1000, "ms-median")
}

func median(d []time.Duration) time.Duration {
	if len(d) == 0 {
		return 0
	}
	s := append([]time.Duration(nil), d...)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	return s[len(s)/2]
}

// BenchmarkBrowserFaultReplay adds a fault from the current step of lesson 15 (bulk)
// and waits until the replayed run is on screen; measured inside the page.
func BenchmarkBrowserFaultReplay(b *testing.B) {
	ctx, url := browser(b)
	if err := chromedp.Do(ctx, chromedp.Navigate(url+"/index.html#lesson=bulk&step=40"), chromedp.WaitVisible(`#lesson-title`)); err != nil {
		b.Fatal(err)
	}
	const inject = `new Promise(resolve => {
		const list = document.getElementById("fault-list");
		const before = list.querySelectorAll("code").length;
		document.getElementById("fault-input").value = "greylist:mx.example.net";
		const start = performance.now();
		document.getElementById("fault-add").click();
		const check = () => list.querySelectorAll("code").length > before ? resolve(performance.now() - start) : setTimeout(check, 0);
		check();
	})`
	var times []time.Duration
	for b.Loop() {
		ms, err := chromedp.Run(ctx, chromedp.Evaluate[float64](inject, chromedp.EvalAwaitPromise))
		if err != nil {
			b.Fatal(err)
		}
		times = append(times, time.Duration(ms*float64(time.Millisecond)))
	}
	b.ReportMetric(median(times).Seconds()*1000, "ms-median")
}
