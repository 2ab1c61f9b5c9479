//go:build linux

package scanner

import (
	"path"
	"path/filepath"
	"syscall"
)

// dirReader reads the regular files of a module through their
// directories, each opened once: openat of a file's base name, relative
// to its directory, saves walking the whole path (the module cache's is
// long) for every file, and fstat on the open file replaces Lstat by
// path. It reads only what readLinked would read in the same way; for
// anything else (a symlink, a file over MaxLinkedFileSize, an error) it
// reports false and the caller reads with readLinked, which says why.
type dirReader struct {
	root string
	fds  map[string]int // directory (relative) -> fd, -1 when it cannot be opened
}

// maxDirFDs bounds the directories a dirReader keeps open.
const maxDirFDs = 64

func newDirReader(root string) *dirReader { return &dirReader{root: root, fds: map[string]int{}} }

// read reads the file rel into buf, and reports whether it could.
func (r *dirReader) read(rel string, buf []byte) ([]byte, bool) {
	dir, base := path.Split(rel)
	dfd, ok := r.fds[dir]
	if !ok {
		if len(r.fds) >= maxDirFDs {
			r.close()
		}
		var err error
		dfd, err = openRetry(func() (int, error) {
			return syscall.Open(filepath.Join(r.root, filepath.FromSlash(dir)), syscall.O_RDONLY|syscall.O_DIRECTORY|syscall.O_CLOEXEC, 0)
		})
		if err != nil {
			dfd = -1
		}
		r.fds[dir] = dfd
	}
	if dfd < 0 {
		return nil, false
	}
	fd, err := openRetry(func() (int, error) {
		return syscall.Openat(dfd, base, syscall.O_RDONLY|syscall.O_CLOEXEC|syscall.O_NONBLOCK|syscall.O_NOFOLLOW, 0)
	})
	if err != nil {
		return nil, false
	}
	defer syscall.Close(fd)
	var st syscall.Stat_t
	if err := syscall.Fstat(fd, &st); err != nil || st.Mode&syscall.S_IFMT != syscall.S_IFREG || st.Size > MaxLinkedFileSize {
		return nil, false
	}
	data, err := readFD(fd, buf, int(st.Size))
	return data, err == nil
}

// close closes the directories.
func (r *dirReader) close() {
	for dir, fd := range r.fds {
		if fd >= 0 {
			syscall.Close(fd)
		}
		delete(r.fds, dir)
	}
}

func openRetry(open func() (int, error)) (int, error) {
	for {
		fd, err := open()
		if err != syscall.EINTR {
			return fd, err
		}
	}
}

// dirReaderReads says that dirReader reads files on this system.
const dirReaderReads = true
