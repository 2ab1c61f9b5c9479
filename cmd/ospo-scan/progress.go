package main

import (
	"fmt"
	"io"
	"sync"
	"time"
)

// progress prints one status line on stderr, rewritten in place, when
// stderr is a terminal and the scan takes more than a moment.
type progress struct {
	mu     sync.Mutex
	w      io.Writer
	on     bool
	msg    string
	shown  bool
	start  time.Time
	stop   chan struct{}
	closed bool
}

func newProgress(w io.Writer, env []string) *progress {
	p := &progress{w: w, on: isTerminal(w) && lookup(env, "CI") == "", start: time.Now(), stop: make(chan struct{})}
	if p.on {
		go p.loop()
	}
	return p
}

func (p *progress) loop() {
	t := time.NewTicker(200 * time.Millisecond)
	defer t.Stop()
	for {
		select {
		case <-p.stop:
			return
		case <-t.C:
			p.mu.Lock()
			if time.Since(p.start) > 700*time.Millisecond && p.msg != "" {
				fmt.Fprintf(p.w, "\r\x1b[Kospo-scan: %s (%.1fs)", p.msg, time.Since(p.start).Seconds())
				p.shown = true
			}
			p.mu.Unlock()
		}
	}
}

func (p *progress) set(msg string) {
	p.mu.Lock()
	p.msg = msg
	p.mu.Unlock()
}

// done stops the line and clears it.
func (p *progress) done() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.closed {
		return
	}
	p.closed = true
	close(p.stop)
	if p.shown {
		fmt.Fprint(p.w, "\r\x1b[K")
	}
}
