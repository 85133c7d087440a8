//go:build interop

package e2e

import (
	"fmt"
	"sort"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// BenchmarkColdLoad opens the page in a fresh tab until the lesson list is
// interactive; it reports the median of the runs.
func BenchmarkColdLoad(b *testing.B) {
	ctx, url := browser(b)
	var times []time.Duration
	for b.Loop() {
		tab, cancel := chromedp.NewContext(ctx)
		start := time.Now()
		if err := chromedp.Do(tab, chromedp.Navigate(url+"/index.html"), chromedp.WaitVisible(`#lesson-list li a`)); err != nil {
			b.Fatal(err)
		}
		times = append(times, time.Since(start))
		cancel()
	}
	b.ReportMetric(median(times).Seconds()*1000, "ms-median")
}

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
		// Once on screen, the fault is removed again, so that every round adds the same one.
		const removed = () => list.querySelectorAll("code").length === before;
		const check = () => {
			if (list.querySelectorAll("code").length <= before) return setTimeout(check, 0);
			const ms = performance.now() - start;
			list.querySelector("li:last-child button[type=button]:last-of-type").click();
			const gone = () => removed() ? resolve(ms) : setTimeout(gone, 0);
			gone();
		};
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
