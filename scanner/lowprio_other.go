//go:build !linux

package scanner

// lowerThreadPriority does nothing on this system.
func lowerThreadPriority() {}
