//go:build linux

package scanner

import (
	"runtime"
	"syscall"
)

// lowerThreadPriority runs the calling goroutine, from now on, on a
// thread of its own at the lowest scheduling priority (nice 19), so that
// it takes only CPU time nothing else wants. The goroutine must end
// without calling runtime.UnlockOSThread: its thread then ends with it,
// and no other goroutine ever runs at that priority. A system that
// refuses the change leaves the priority as it was.
func lowerThreadPriority() {
	runtime.LockOSThread()
	_ = syscall.Setpriority(syscall.PRIO_PROCESS, syscall.Gettid(), 19)
}
