//go:build !linux

package scanner

// dirReader reads nothing on this system: every file is read with
// readLinked.
type dirReader struct{}

func newDirReader(root string) *dirReader { return &dirReader{} }

func (r *dirReader) read(rel string, buf []byte) ([]byte, bool) { return nil, false }

func (r *dirReader) close() {}

// dirReaderReads says that dirReader reads no file on this system.
const dirReaderReads = false
