//go:build interop

package e2e

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// startMarks are the performance marks of a start, in order: loader.js marks the
// module fetched and compiled, the Go program marks main (runtime and package
// initialisation done), bound (event handlers set) and ready (lesson list on screen).
// Their times count from the navigation's start.
var startMarks = []string{"fetched", "compiled", "main", "words", "bound", "ready"}

// BenchmarkColdLoad opens the page in a fresh tab until the lesson list is
// interactive, and, alternately in the same browser, a minimal Go + dom/v2 page
// (testdata/minimal) as the baseline (-benchtime=5x: median of 5). It reports the
// medians from navigation to ready as the page marks it (ms, baseline-ms, and their
// ratio x-baseline), the page's median at each start mark, and the wall time until
// chromedp sees the list (wall-ms, baseline-wall-ms: tab and protocol overhead included).
func BenchmarkColdLoad(b *testing.B) { coldLoad(b, "") }

// BenchmarkColdLoadGerman is BenchmarkColdLoad with German as the remembered
// language: the page fetches its German words beside the module and waits for them.
func BenchmarkColdLoadGerman(b *testing.B) { coldLoad(b, "de") }

// coldLoad is BenchmarkColdLoad with lang ("" for none) as the page's remembered choice.
func coldLoad(b *testing.B, lang string) {
	ctx, url := browser(b)
	if lang != "" {
		if err := chromedp.Do(ctx, chromedp.Navigate(url+"/minimal.html")); err != nil {
			b.Fatal(err)
		}
		if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`localStorage.setItem("smtpsim.lang", "`+lang+`"), true`)); err != nil {
			b.Fatal(err)
		}
	}
	type side struct {
		wall  []time.Duration
		marks map[string][]time.Duration
	}
	page, baseline := side{marks: map[string][]time.Duration{}}, side{marks: map[string][]time.Duration{}}
	open := func(path string, s side) side {
		tab, cancel := chromedp.NewContext(ctx)
		defer cancel()
		start := time.Now()
		if err := chromedp.Do(tab, chromedp.Navigate(url+path), chromedp.WaitVisible(`#lesson-list li a`)); err != nil {
			b.Fatal(err)
		}
		s.wall = append(s.wall, time.Since(start))
		const js = `Object.fromEntries(performance.getEntriesByType("mark").filter(m => m.name.startsWith("smtpsim:")).map(m => [m.name.slice(8), m.startTime]))`
		at, err := chromedp.Run(tab, chromedp.Evaluate[map[string]float64](js))
		if err != nil {
			b.Fatal(err)
		}
		for m, t := range at {
			s.marks[m] = append(s.marks[m], time.Duration(t*float64(time.Millisecond)))
		}
		return s
	}
	for b.Loop() {
		page = open("/index.html", page)
		baseline = open("/minimal.html", baseline)
	}
	if lang != "" && len(page.wall) > 0 {
		tab, cancel := chromedp.NewContext(ctx)
		defer cancel()
		if err := chromedp.Do(tab, chromedp.Navigate(url+"/index.html"), chromedp.WaitVisible(`#lesson-list li a`)); err != nil {
			b.Fatal(err)
		}
		if got, err := chromedp.Run(tab, chromedp.Evaluate[string](`document.documentElement.lang`)); err != nil || got != lang {
			b.Fatalf("the page started in %q (%v), not in %q", got, err, lang)
		}
	}
	b.ReportMetric(ms(median(page.marks["ready"])), "ms")
	b.ReportMetric(ms(median(baseline.marks["ready"])), "baseline-ms")
	b.ReportMetric(float64(median(page.marks["ready"]))/float64(median(baseline.marks["ready"])), "x-baseline")
	for _, m := range startMarks[:len(startMarks)-1] {
		b.ReportMetric(ms(median(page.marks[m])), m+"-ms")
	}
	for _, m := range startMarks[:2] {
		b.ReportMetric(ms(median(baseline.marks[m])), "baseline-"+m+"-ms")
	}
	b.ReportMetric(ms(median(page.wall)), "wall-ms")
	b.ReportMetric(ms(median(baseline.wall)), "baseline-wall-ms")
}

// BenchmarkFirstLesson opens the lesson list in a fresh tab, clicks the first lesson
// and measures inside the page until its title and step controls are on screen. The
// click comes without the pointer on the link first, so the page fetches the lesson's
// file after the click: the slowest case.
func BenchmarkFirstLesson(b *testing.B) { firstLesson(b, `#lesson-list li a`, 0, 0) }

// BenchmarkFirstLessonPointed is BenchmarkFirstLesson with the pointer on the link
// 100 ms before the click, as a hand moves it there: the page fetches the lesson's
// file ahead (wasm/lessonfetch.go). It measures from the click.
func BenchmarkFirstLessonPointed(b *testing.B) { firstLesson(b, `#lesson-list li a`, 0, 100) }

// BenchmarkFirstLessonAfterReading is BenchmarkFirstLesson with the click a second
// after the list is on screen, as a learner who reads a title first: by then the
// page has opened the first lesson ahead (wasm/openahead.go) and the browser has
// compiled the code the start ran most with its optimising compiler. "second"
// clicks the second lesson, which is not opened ahead.
func BenchmarkFirstLessonAfterReading(b *testing.B) {
	b.Run("first", func(b *testing.B) { firstLesson(b, `#lesson-list li:nth-child(1) a`, 1000, 0) })
	b.Run("second", func(b *testing.B) { firstLesson(b, `#lesson-list li:nth-child(2) a`, 1000, 0) })
}

// BenchmarkFirstSenderAuthLesson is BenchmarkFirstLesson for the DKIM lesson, the first
// that signs and checks senders: the page fetches and starts senderauth.wasm with it.
func BenchmarkFirstSenderAuthLesson(b *testing.B) {
	firstLesson(b, `#lesson-list li a[href^="#lesson=dkim"]`, 0, 0)
}

// BenchmarkFirstSenderAuthLessonPointed is BenchmarkFirstSenderAuthLesson with the
// pointer on the link 100 ms before the click: the page fetches the lesson's file and
// starts loading senderauth.wasm ahead.
func BenchmarkFirstSenderAuthLessonPointed(b *testing.B) {
	firstLesson(b, `#lesson-list li a[href^="#lesson=dkim"]`, 0, 100)
}

// BenchmarkFirstRSALesson is BenchmarkFirstLesson for lesson headers, whose world signs
// with an RSA key: senderauth.wasm finds the key's primes with math/big, the slowest
// work any built-in lesson does in the page.
func BenchmarkFirstRSALesson(b *testing.B) {
	firstLesson(b, `#lesson-list li a[href^="#lesson=headers"]`, 0, 0)
}

// clickMarks are the performance marks of opening a lesson after a click, in order:
// the page marks its file fetched (only when the click waited for the network),
// ready (the file there and decoded), run (the lesson's world simulated) and drawn
// (the lesson rendered into the page).
var clickMarks = []string{"lesson-fetched", "lesson-ready", "lesson-run", "lesson-drawn"}

// firstLesson clicks the lesson link sel of a freshly loaded list readMS after the list
// is on screen, with the pointer on it pointedMS before (none for 0), and measures inside the page from the click until
// the lesson's title and step controls are on screen (ms-median), and until each of
// clickMarks the page sets after the click (its median, when every round set it).
func firstLesson(b *testing.B, sel string, readMS, pointedMS int) {
	ctx, url := browser(b)
	point := ""
	if pointedMS > 0 {
		point = `link.dispatchEvent(new PointerEvent("pointerover", {bubbles: true}));`
	}
	click := `new Promise(resolve => setTimeout(() => {
		const title = document.getElementById("lesson-title");
		const link = document.querySelector(` + strconv.Quote(sel) + `);
		` + point + `
		setTimeout(() => {
			const start = performance.now();
			link.click();
			const since = () => Object.fromEntries(performance.getEntriesByType("mark")
				.filter(m => m.name.startsWith("smtpsim:lesson-") && m.startTime >= start)
				.map(m => [m.name.slice(8), m.startTime - start]));
			const check = () => title.textContent !== "" && title.checkVisibility() && !document.getElementById("ctl-forward").disabled ?
				resolve({took: performance.now() - start, marks: since()}) : setTimeout(check, 0);
			check();
		}, ` + fmt.Sprint(pointedMS) + `);
	}, ` + fmt.Sprint(readMS) + `))`
	type opened struct {
		Took  float64            `json:"took"`
		Marks map[string]float64 `json:"marks"`
	}
	var times []time.Duration
	marks := map[string][]time.Duration{}
	for b.Loop() {
		tab, cancel := chromedp.NewContext(ctx)
		if err := chromedp.Do(tab, chromedp.Navigate(url+"/index.html"), chromedp.WaitVisible(`#lesson-list li a`)); err != nil {
			b.Fatal(err)
		}
		got, err := chromedp.Run(tab, chromedp.Evaluate[opened](click, chromedp.EvalAwaitPromise))
		if err != nil {
			b.Fatal(err)
		}
		cancel()
		times = append(times, time.Duration(got.Took*float64(time.Millisecond)))
		for m, at := range got.Marks {
			marks[m] = append(marks[m], time.Duration(at*float64(time.Millisecond)))
		}
	}
	b.ReportMetric(ms(median(times)), "ms-median")
	for _, m := range clickMarks {
		if len(marks[m]) == len(times) {
			b.ReportMetric(ms(median(marks[m])), strings.TrimPrefix(m, "lesson-")+"-ms")
		}
	}
}

func ms(d time.Duration) float64 { return d.Seconds() * 1000 }

// BenchmarkBrowserStep presses → on lesson 15 (bulk) and waits for the page to show
// the next step. It reports, measured inside the page from the key press, the median
// until the step is on the page (ms-median: the page's own work) and until the browser
// has also worked out the page's style and layout for it (laid-out-ms, forced at once:
// without it the browser does it before the next frame is drawn, and a step is seen
// only then).
func BenchmarkBrowserStep(b *testing.B) { browserStep(b, "lesson=newsletter&step=50") }

// BenchmarkBrowserStepLongRun is BenchmarkBrowserStep late in the longest lesson
// (trouble-that-stays, demonstrated), where the diagram has more than a thousand rows.
func BenchmarkBrowserStepLongRun(b *testing.B) {
	browserStep(b, "lesson=trouble-that-stays&step=1000&demo=1")
}

func browserStep(b *testing.B, link string) {
	ctx, url := browser(b)
	if err := chromedp.Do(ctx, chromedp.Navigate(url+"/index.html#"+link), chromedp.WaitVisible(`#lesson-title`)); err != nil {
		b.Fatal(err)
	}
	const press = `new Promise(resolve => {
		const want = String(Number(document.getElementById("scrubber").value) + 1);
		const start = performance.now();
		document.dispatchEvent(new KeyboardEvent("keydown", {key: "ArrowRight"}));
		const check = () => {
			if (document.getElementById("scrubber").value !== want) return setTimeout(check, 0);
			const shown = performance.now();
			document.body.getBoundingClientRect();
			resolve({shown: shown - start, laidOut: performance.now() - start});
		};
		check();
	})`
	type stepped struct {
		Shown   float64 `json:"shown"`
		LaidOut float64 `json:"laidOut"`
	}
	var shown, laidOut []time.Duration
	for b.Loop() {
		s, err := chromedp.Run(ctx, chromedp.Evaluate[stepped](press, chromedp.EvalAwaitPromise))
		if err != nil {
			b.Fatal(err)
		}
		shown = append(shown, time.Duration(s.Shown*float64(time.Millisecond)))
		laidOut = append(laidOut, time.Duration(s.LaidOut*float64(time.Millisecond)))
	}
	b.ReportMetric(ms(median(shown)), "ms-median")
	b.ReportMetric(ms(median(laidOut)), "laid-out-ms")
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
