//go:build unix

package scanner

import "syscall"

// openNoBlock is added to the flags of an open that must not block on a
// FIFO (see openRegular).
const openNoBlock = syscall.O_NONBLOCK
