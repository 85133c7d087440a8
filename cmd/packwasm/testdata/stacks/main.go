// Command stacks exercises what the runtime reads from its function table while a
// program runs — stacks that grow and are copied, collections that scan deep stacks,
// panics that unwind and recover — and then prints stack traces, which read the line
// tables that packwasm drops. With an argument it ends in a panic.
package main

import (
	"fmt"
	"os"
	"runtime"
	"runtime/debug"
	"strings"
)

type node struct {
	next *node
	buf  []byte
}

// deep recurses n frames, each with pointers live across the call, and collects at
// the bottom so that the collector scans every frame.
func deep(n int, keep *node) int {
	var pad [48]byte
	pad[n%48] = byte(n)
	local := &node{next: keep, buf: pad[:n%48]}
	if n == 0 {
		runtime.GC()
		return len(local.next.buf)
	}
	return deep(n-1, local) + int(pad[n%48]) + len(local.buf)
}

// pair is a generic type with a struct shape, whose functions' names spell out the
// shape in full; the runtime prints them as "main.(*pair[...]).swap".
type pair[T any] struct {
	a, b T
}

// swap recovers a panic below it and prints where it is, as a stack trace, a Frame's
// Function and Func.Name read the function's name.
func (p *pair[T]) swap(fail bool) {
	defer func() {
		if r := recover(); r != nil {
			fmt.Println("recovered in a generic function:", r)
			fmt.Println(strings.TrimSpace(string(debug.Stack())))
		}
	}()
	p.a, p.b = p.b, p.a
	pc, _, _, _ := runtime.Caller(0)
	fmt.Println("func", runtime.FuncForPC(pc).Name())
	if fail {
		var m map[string]T
		m["x"] = p.a
	}
}

func main() {
	(&pair[struct {
		name string
		n    int
	}]{}).swap(true)
	var head *node
	for i := range 100000 {
		head = &node{next: head, buf: make([]byte, i%64)}
		if i%500 == 0 {
			head = nil
		}
	}
	done := make(chan int)
	for g := range 8 {
		go func() { done <- deep(5000+g, head) }()
	}
	sum := 0
	for range 8 {
		sum += <-done
	}
	fmt.Println("sum", sum)

	func() {
		defer func() {
			fmt.Println("recovered:", recover())
			fmt.Println(strings.TrimSpace(string(debug.Stack())))
		}()
		var m map[string]int
		m["x"] = 1
	}()
	pcs := make([]uintptr, 8)
	frames := runtime.CallersFrames(pcs[:runtime.Callers(1, pcs)])
	for {
		f, more := frames.Next()
		fmt.Printf("frame %s %s:%d\n", f.Function, f.File, f.Line)
		if !more {
			break
		}
	}
	if len(os.Args) > 1 {
		panic("the end")
	}
}
