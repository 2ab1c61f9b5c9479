//go:build linux

package scanner

import (
	"syscall"
	"testing"
)

// TestRunLowPriorityNotMainThread: the function runs at nice 19, on a
// thread that ends with it; never on the process's main thread, which
// the Go runtime keeps to the end (a goroutine that ends locked to it
// leaves it idle, not ended) and whose priority ps and top show as the
// process's. Each call starts on a new goroutine, which may land on any
// thread, the main one included.
func TestRunLowPriorityNotMainThread(t *testing.T) {
	pid := syscall.Getpid()
	for i := range 200 {
		type seen struct{ tid, nice int }
		c := make(chan seen, 1)
		go runLowPriority(func() {
			tid := syscall.Gettid()
			prio, err := syscall.Getpriority(syscall.PRIO_PROCESS, tid)
			if err != nil {
				prio = 0 // the raw system call: 20 - nice
			}
			c <- seen{tid, 20 - prio}
		})
		s := <-c
		if s.tid == pid {
			t.Fatalf("call %d ran on the main thread", i)
		}
		if s.nice != 19 && canLowerPriority() {
			t.Fatalf("call %d ran at nice %d", i, s.nice)
		}
	}
	if prio, err := syscall.Getpriority(syscall.PRIO_PROCESS, pid); err == nil && 20-prio != 0 {
		t.Errorf("main thread at nice %d", 20-prio)
	}
}

// canLowerPriority reports whether the system lets a thread go to nice
// 19 (a container may refuse).
func canLowerPriority() bool {
	c := make(chan bool, 1)
	go runLowPriority(func() {
		prio, err := syscall.Getpriority(syscall.PRIO_PROCESS, syscall.Gettid())
		c <- err == nil && 20-prio == 19
	})
	return <-c
}
