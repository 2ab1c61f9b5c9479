//go:build !unix

package scanner

import (
	"io"
	"os"
)

// readExact reads the first size bytes of the file name into buf.
func readExact(buf []byte, name string, size int) ([]byte, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if cap(buf) < size {
		buf = make([]byte, 0, size)
	}
	n, err := io.ReadFull(f, buf[:size])
	if err == io.ErrUnexpectedEOF {
		err = nil
	}
	return buf[:n], err
}
