package main

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// Outputs named on the command line (-o, --sbom, --notice) are rendered in
// memory first and written only when the whole scan has succeeded, so a
// failed or interrupted run leaves every earlier output as it was.
//
// How a named output is written depends on what is there (README,
// "Outputs"):
//
//   - nothing, or a regular file: a temporary file beside it renamed into
//     place, so a reader never sees half a report; an existing file keeps
//     its permissions (and, for root, its owner);
//   - a regular file with other hard links: written in place, so every
//     link sees the new content;
//   - a symbolic link: resolved, and its target written as above (the link
//     stays a link);
//   - a device, FIFO or socket (/dev/null, a named pipe): written directly,
//     never replaced;
//   - /dev/stdout, /dev/stderr, /dev/fd/N and /proc/self/fd/N: the
//     process's own descriptor.

// An outputFile is one rendered output waiting to be written.
type outputFile struct {
	flag string // -o, --sbom, --notice: for messages
	name string
	data []byte
}

// render runs write into memory.
func render(write func(io.Writer) error) ([]byte, error) {
	var b bytes.Buffer
	if err := write(&b); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// streams are the process's own standard output and error, for the names
// that mean them.
type streams struct {
	stdout, stderr io.Writer
}

// write writes the rendered output to its destination.
func (f outputFile) write(std streams) error {
	if w := std.lookup(f.name); w != nil {
		return writeBuffered(w, func(w io.Writer) error {
			_, err := w.Write(f.data)
			return err
		})
	}
	if err := writeFile(f.name, f.data); err != nil {
		return &exitError{exitScan, fmt.Errorf("cannot write %s: %w", f.name, err)}
	}
	return nil
}

// lookup returns the stream that a name such as /dev/stdout stands for, or
// nil. Other descriptors (/dev/fd/3) are opened as files.
func (s streams) lookup(name string) io.Writer {
	switch filepath.Clean(name) {
	case "/dev/stdout", "/dev/fd/1", "/proc/self/fd/1", "/proc/" + strconv.Itoa(os.Getpid()) + "/fd/1":
		return s.stdout
	case "/dev/stderr", "/dev/fd/2", "/proc/self/fd/2", "/proc/" + strconv.Itoa(os.Getpid()) + "/fd/2":
		return s.stderr
	}
	return nil
}

// maxLinks bounds the symbolic links followed to an output's target, as
// the kernel does (ELOOP).
const maxLinks = 40

// resolveLinks follows symbolic links at name until something that is not
// a link, or nothing, is there; a dangling link resolves to the path it
// points at, which is then created.
func resolveLinks(name string) (string, error) {
	for range maxLinks {
		fi, err := os.Lstat(name)
		if errors.Is(err, fs.ErrNotExist) {
			return name, nil
		}
		if err != nil {
			return "", err
		}
		if fi.Mode()&fs.ModeSymlink == 0 {
			return name, nil
		}
		target, err := os.Readlink(name)
		if err != nil {
			return "", err
		}
		if !filepath.IsAbs(target) {
			target = filepath.Join(filepath.Dir(name), target)
		}
		name = target
	}
	return "", fmt.Errorf("more than %d symbolic links", maxLinks)
}

// writeFile writes data to name as the package comment describes.
func writeFile(name string, data []byte) error {
	target, err := resolveLinks(name)
	if err != nil {
		return err
	}
	fi, err := os.Stat(target)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return replaceFile(target, data, nil)
	case err != nil:
		return err
	case fi.IsDir():
		return errors.New("is a directory")
	case !fi.Mode().IsRegular():
		return writeInPlace(target, data, false)
	case hardLinks(fi) > 1:
		return writeInPlace(target, data, true)
	}
	return replaceFile(target, data, fi)
}

// writeInPlace writes data into an existing file: a device or FIFO as it
// is, a regular file truncated first.
func writeInPlace(name string, data []byte, truncate bool) error {
	flags := os.O_WRONLY
	if truncate {
		flags |= os.O_TRUNC
	}
	f, err := os.OpenFile(name, flags, 0)
	if err != nil {
		return err
	}
	_, err = f.Write(data)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}

// tmpSuffix ends the names of our temporary files; with the prefix
// "."+base+".ospo-scan-" and the writer's process id between them, a later
// run can tell a stale one (its process is gone) from one being written.
const tmpSuffix = ".tmp"

func tmpPrefix(base string) string { return "." + base + ".ospo-scan-" }

// replaceFile writes data through a temporary file in name's directory and
// renames it over name, keeping the mode (and owner) of old when there was
// a file.
func replaceFile(name string, data []byte, old fs.FileInfo) error {
	dir, base := filepath.Dir(name), filepath.Base(name)
	removeStaleTemps(dir, base)
	tmp := filepath.Join(dir, tmpPrefix(base)+strconv.Itoa(os.Getpid())+tmpSuffix)
	// A file of that name can only be left by an earlier process that had
	// our process id: it is stale.
	os.Remove(tmp)
	// 0666 less the umask, as os.Create; an existing file's mode below.
	f, err := os.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o666)
	if err != nil {
		return err
	}
	_, err = f.Write(data)
	if err == nil && old != nil {
		err = f.Chmod(old.Mode().Perm())
		if err == nil {
			keepOwner(f, old)
		}
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp, name)
	}
	if err != nil {
		os.Remove(tmp)
		return err
	}
	return nil
}

// removeStaleTemps removes temporary files that an earlier run left beside
// base when it was killed before renaming them (kill -9, power loss).
func removeStaleTemps(dir, base string) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	prefix := tmpPrefix(base)
	for _, e := range entries {
		n := e.Name()
		if !strings.HasPrefix(n, prefix) || !strings.HasSuffix(n, tmpSuffix) || !e.Type().IsRegular() {
			continue
		}
		pid, err := strconv.Atoi(strings.TrimSuffix(strings.TrimPrefix(n, prefix), tmpSuffix))
		if err != nil || pid <= 0 || pid == os.Getpid() || processAlive(pid) {
			continue
		}
		os.Remove(filepath.Join(dir, n))
	}
}

// writeOutput writes to the named file, or to stdout when name is empty.
func writeOutput(name string, std streams, data []byte) error {
	if name == "" {
		return writeBuffered(std.stdout, func(w io.Writer) error {
			_, err := w.Write(data)
			return err
		})
	}
	return outputFile{name: name, data: data}.write(std)
}

// writeBuffered runs write through a buffer: the reports are written line
// by line (text/tabwriter flushes each), which is a system call a line on
// a terminal or pipe.
func writeBuffered(w io.Writer, write func(io.Writer) error) error {
	b := bufio.NewWriterSize(w, 64<<10)
	if err := write(b); err != nil {
		return err
	}
	return b.Flush()
}

// appendFile appends to a file (the GitHub job summary).
func appendFile(name string, write func(io.Writer) error) error {
	f, err := os.OpenFile(name, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
	if err != nil {
		return &exitError{exitScan, fmt.Errorf("cannot write the job summary %s: %w", name, err)}
	}
	err = write(f)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return &exitError{exitScan, fmt.Errorf("cannot write the job summary %s: %w", name, err)}
	}
	return nil
}
