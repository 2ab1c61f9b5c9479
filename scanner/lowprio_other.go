//go:build !linux

package scanner

// runLowPriority runs f: this system's priorities are left alone.
func runLowPriority(f func()) { f() }
