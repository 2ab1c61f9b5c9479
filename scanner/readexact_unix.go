//go:build unix

package scanner

import "syscall"

// readExact reads the first size bytes of the file name into buf (grown
// as needed) with plain system calls: open, read, close. It does not
// probe for more (the deep scan has the size from Lstat; a file growing
// meanwhile is read as it was).
func readExact(buf []byte, name string, size int) ([]byte, error) {
	var fd int
	var err error
	for {
		fd, err = syscall.Open(name, syscall.O_RDONLY|syscall.O_CLOEXEC|syscall.O_NONBLOCK, 0)
		if err != syscall.EINTR {
			break
		}
	}
	if err != nil {
		return nil, err
	}
	defer syscall.Close(fd)
	return readFD(fd, buf, size)
}

// readFD reads up to size bytes of the open file fd into buf (grown as
// needed), fewer if the file shrank meanwhile.
func readFD(fd int, buf []byte, size int) ([]byte, error) {
	if cap(buf) < size {
		buf = make([]byte, 0, size)
	}
	buf = buf[:size]
	n := 0
	for n < size {
		m, err := syscall.Read(fd, buf[n:])
		if err == syscall.EINTR {
			continue
		}
		if err != nil {
			return nil, err
		}
		if m == 0 {
			break // it shrank
		}
		n += m
	}
	return buf[:n], nil
}
