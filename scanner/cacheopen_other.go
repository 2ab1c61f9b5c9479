//go:build !unix

package scanner

// openNoBlock is added to the flags of an open that must not block on a
// FIFO (see openRegular); there are none here.
const openNoBlock = 0
