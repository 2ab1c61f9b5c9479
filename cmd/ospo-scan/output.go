package main

import (
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

// Outputs named on the command line (-o, --sbom, --sbom-dir, --notice,
// --format F=FILE) are rendered in memory first and written only when the
// whole scan has succeeded, in two phases: every output is prepared (its
// destination opened through the kernel, a regular file's new content
// written to a temporary file beside it), and only when all are prepared
// are they committed (renamed into place, or written). A failed or
// interrupted run leaves earlier outputs as they were.
//
// What is at an output's path keeps what it is (README, "Outputs"):
//
//   - nothing, or a regular file: replaced atomically by a rename, keeping
//     an existing file's permissions (and, for root, its owner);
//   - a regular file with other hard links: written in place, so every
//     link sees the new content;
//   - a symbolic link: followed by the kernel when the output is opened, so
//     its protections hold (fs.protected_symlinks refuses a link another
//     user planted in a sticky directory such as /tmp), and the file it
//     leads to written as above; the link stays a link;
//   - a device or FIFO (/dev/null, a named pipe, /dev/fd/N): written
//     directly, never replaced;
//   - /dev/stdout, /dev/stderr, /dev/fd/1, /dev/fd/2: the process's own
//     standard output or error.

// An outputFile is one rendered output waiting to be written.
type outputFile struct {
	flag string // -o, --sbom, --notice...: for messages
	name string
	data []byte
}

// render runs write into memory.
func render(write func(io.Writer) error) ([]byte, error) {
	var b bytes.Buffer
	if err := write(&b); err != nil {
		return nil, err
	}
	// Never nil, even when empty: nil means "no such output".
	return append([]byte{}, b.Bytes()...), nil
}

// streams are the process's own standard output and error, for the names
// that mean them.
type streams struct {
	stdout, stderr io.Writer
}

// lookup returns the stream that a name such as /dev/stdout stands for,
// and its key, or nil.
func (s streams) lookup(name string) (io.Writer, string) {
	switch filepath.Clean(name) {
	case "/dev/stdout", "/dev/fd/1", "/proc/self/fd/1", "/proc/" + strconv.Itoa(os.Getpid()) + "/fd/1":
		return s.stdout, "stream:stdout"
	case "/dev/stderr", "/dev/fd/2", "/proc/self/fd/2", "/proc/" + strconv.Itoa(os.Getpid()) + "/fd/2":
		return s.stderr, "stream:stderr"
	}
	return nil, ""
}

// writeOutputs writes every output, or none: it prepares them all, and
// commits them only when all are prepared. stdoutData, when not nil, is
// the report for standard output.
func writeOutputs(outs []outputFile, std streams, stdoutData []byte) error {
	var ready []*prepared
	abort := func() {
		for _, p := range ready {
			p.abort()
		}
	}
	keys := map[string]string{}
	if stdoutData != nil {
		keys["stream:stdout"] = "the report on standard output"
	}
	for _, out := range outs {
		p, err := out.prepare(std)
		if err != nil {
			abort()
			return err
		}
		ready = append(ready, p)
		if p.key == "" {
			continue
		}
		if prev, ok := keys[p.key]; ok {
			abort()
			return usageErrorf("%s and %s both write %s", prev, out.flag, displayToken(out.name))
		}
		keys[p.key] = out.flag
	}
	// Renames first: they are quick and cannot block; a FIFO's writes may
	// wait for a reader.
	for _, p := range ready {
		if p.blocking {
			continue
		}
		if err := p.commit(); err != nil {
			abort()
			return err
		}
	}
	for _, p := range ready {
		if p.blocking {
			if err := p.commit(); err != nil {
				abort()
				return err
			}
		}
	}
	if stdoutData != nil {
		if _, err := std.stdout.Write(stdoutData); err != nil {
			return &exitError{exitScan, fmt.Errorf("writing the report: %w", err)}
		}
	}
	return nil
}

// A prepared output is ready to be committed.
type prepared struct {
	// key identifies the destination (device and inode, or a stream), to
	// refuse two outputs on one file; empty for a character device, which
	// any number of outputs may share (/dev/null).
	key      string
	blocking bool // a FIFO: committed last
	commit   func() error
	abort    func()
}

// prepare opens the output's destination and readies its content.
func (f outputFile) prepare(std streams) (*prepared, error) {
	fail := func(err error) error {
		return &exitError{exitScan, fmt.Errorf("cannot write %s (%s): %w", displayToken(f.name), f.flag, bareError(err))}
	}
	noop := func() {}
	if w, key := std.lookup(f.name); w != nil {
		return &prepared{key: key, commit: func() error {
			if _, err := w.Write(f.data); err != nil {
				return fail(err)
			}
			return nil
		}, abort: noop}, nil
	}
	fi, err := os.Stat(f.name)
	if err == nil && fi.Mode()&fs.ModeNamedPipe != 0 {
		// Opening a FIFO waits for a reader: open it when committing.
		return &prepared{key: fileKey(fi), blocking: true, commit: func() error {
			if err := writeTo(f.name, f.data); err != nil {
				return fail(err)
			}
			return nil
		}, abort: noop}, nil
	}
	existed := err == nil
	// The kernel follows any symbolic link, with its protections, and
	// O_CREATE makes protected_fifos and protected_regular apply too.
	file, err := os.OpenFile(f.name, os.O_WRONLY|os.O_CREATE, 0o666)
	if err != nil {
		return nil, fail(err)
	}
	fi, err = file.Stat()
	if err != nil {
		file.Close()
		return nil, fail(err)
	}
	switch {
	case fi.IsDir():
		file.Close()
		return nil, fail(errors.New("is a directory"))
	case !fi.Mode().IsRegular():
		// A device: written directly.
		key := fileKey(fi)
		if fi.Mode()&fs.ModeCharDevice != 0 {
			key = ""
		}
		return &prepared{key: key, commit: func() error {
			if err := writeClose(file, f.data, false); err != nil {
				return fail(err)
			}
			return nil
		}, abort: func() { file.Close() }}, nil
	case hardLinks(fi) > 1:
		return &prepared{key: fileKey(fi), commit: func() error {
			if err := writeClose(file, f.data, true); err != nil {
				return fail(err)
			}
			return nil
		}, abort: func() { file.Close() }}, nil
	}
	// A regular file: its content goes to a temporary file in the
	// directory of the file the kernel opened, renamed over it on commit.
	target, err := openedPath(file, f.name, fi)
	file.Close()
	if err != nil {
		return nil, fail(err)
	}
	var old fs.FileInfo
	if existed {
		old = fi
	}
	tmp, err := writeTemp(target, f.data, old)
	if err != nil {
		if !existed {
			os.Remove(target)
		}
		return nil, fail(err)
	}
	return &prepared{key: fileKey(fi), commit: func() error {
		if err := os.Rename(tmp, target); err != nil {
			os.Remove(tmp)
			return fail(err)
		}
		return nil
	}, abort: func() {
		os.Remove(tmp)
		if !existed {
			os.Remove(target)
		}
	}}, nil
}

// openedPath returns the path of the regular file open as file, which was
// opened by name: where the kernel's resolution of name's symbolic links
// led. It is checked to be the same file.
func openedPath(file *os.File, name string, fi fs.FileInfo) (string, error) {
	var candidates []string
	if p, err := os.Readlink("/proc/self/fd/" + strconv.Itoa(int(file.Fd()))); err == nil && filepath.IsAbs(p) {
		candidates = append(candidates, p)
	}
	if p, err := filepath.EvalSymlinks(name); err == nil {
		candidates = append(candidates, p)
	}
	for _, p := range candidates {
		if pfi, err := os.Lstat(p); err == nil && os.SameFile(pfi, fi) {
			return p, nil
		}
	}
	return "", errors.New("cannot tell which file its symbolic links lead to")
}

// writeTo writes data into an existing FIFO by name.
func writeTo(name string, data []byte) error {
	f, err := os.OpenFile(name, os.O_WRONLY|os.O_CREATE, 0o666)
	if err != nil {
		return err
	}
	return writeClose(f, data, false)
}

// writeClose writes data to a file just opened for writing (at its start),
// emptying it first when truncate, and closes it.
func writeClose(f *os.File, data []byte, truncate bool) error {
	var err error
	if truncate {
		err = f.Truncate(0)
	}
	if err == nil {
		_, err = f.Write(data)
	}
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

// writeTemp writes data to a temporary file beside name and returns its
// path, with the mode (and owner) of old when there is a file.
func writeTemp(name string, data []byte, old fs.FileInfo) (string, error) {
	dir, base := filepath.Dir(name), filepath.Base(name)
	removeStaleTemps(dir, base)
	tmp := filepath.Join(dir, tmpPrefix(base)+strconv.Itoa(os.Getpid())+tmpSuffix)
	// A file of that name can only be left by an earlier process that had
	// our process id: it is stale.
	os.Remove(tmp)
	// 0666 less the umask, as os.Create; an existing file's mode below.
	f, err := os.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o666)
	if err != nil {
		return "", err
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
	if err != nil {
		os.Remove(tmp)
		return "", err
	}
	return tmp, nil
}

// writeFile writes data to name, as one output.
func writeFile(name string, data []byte) error {
	return writeOutputs([]outputFile{{flag: "output", name: name, data: data}}, streams{}, nil)
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

// bareError returns the system's reason without the path an *fs.PathError
// or *os.LinkError names (a temporary file's, or /proc's), so a message
// names the output the user gave.
func bareError(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	var le *os.LinkError
	if errors.As(err, &le) {
		return le.Err
	}
	return err
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
