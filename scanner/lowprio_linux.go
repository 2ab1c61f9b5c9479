//go:build linux

package scanner

import (
	"runtime"
	"syscall"
)

// runLowPriority runs f on a thread of its own at the lowest scheduling
// priority (nice 19), so that it takes only CPU time nothing else wants,
// and returns when f has. It must be called on a goroutine of its own,
// which ends when it returns: its thread then ends with it (the
// goroutine ends locked to it), and no other goroutine ever runs at that
// priority. Never on the process's main thread, which the Go runtime
// does not end (it leaves it idle) and whose priority ps and top show as
// the process's: called there, it runs f on another goroutine while the
// main thread waits locked to this one, so that f gets another thread. A
// system that refuses the change leaves the priority as it was.
func runLowPriority(f func()) {
	runtime.LockOSThread()
	if syscall.Gettid() == syscall.Getpid() {
		done := make(chan struct{})
		go func() {
			defer close(done)
			runLowPriority(f)
		}()
		<-done
		runtime.UnlockOSThread()
		return
	}
	_ = syscall.Setpriority(syscall.PRIO_PROCESS, syscall.Gettid(), 19)
	f()
}
