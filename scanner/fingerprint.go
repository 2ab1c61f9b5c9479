package scanner

import (
	"bytes"
	"crypto/sha256"
	"debug/elf"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"sort"
	"strings"
	"sync"

	"github.com/ospo-scan/ospo-scan/scanner/license"
)

// Cache keys are derived from what can change an answer, never bumped by
// hand. Every key takes in buildIdentity, which pins the code, the
// generated patterns and licensecheck; the detector's fingerprint takes in
// the detection tables and thresholds too (detectorInputs), so that a
// change to one of them is a change of fingerprint even where the build
// cannot be identified; the graph key and go env's fingerprint read the
// environment through one list of inputs (goEnvironment).

var (
	detectorIDOnce sync.Once
	detectorID     string
)

// detectorFingerprint identifies the detector: the build (buildIdentity),
// the classifier's tables and thresholds (license.TablesHash) and the
// limits of what detection reads (detectorInputs).
func detectorFingerprint() string {
	detectorIDOnce.Do(func() {
		detectorID = fingerprintOf(buildIdentity(), detectorInputs())
	})
	return detectorID
}

// detectorInputs returns what, besides the build, decides a module's
// detection: the classifier's tables and the reading limits.
// TestDetectorInputs fails when a package-level table of the detection
// files is left out.
func detectorInputs() string {
	return fmt.Sprintf("tables %s\x00max-file %d\x00max-module %d", license.TablesHash(), MaxLicenseFileSize, MaxModuleLicenseBytes)
}

// fingerprintOf is the detector fingerprint of a build and its inputs.
func fingerprintOf(build, inputs string) string {
	h := sha256.New()
	fmt.Fprintf(h, "detector\x00%s\x00%s", build, inputs)
	return hex.EncodeToString(h.Sum(nil))
}

var (
	buildIDOnce sync.Once
	buildID     string
)

// buildIdentity identifies the code that computes every cached result: a
// release or clean build by its build information (see buildFingerprint),
// which costs nothing; any other build by the Go build ID of its
// executable (a hash of everything compiled in); failing that, by the
// hash of every license pattern (4.4 MB, some 8 ms).
func buildIdentity() string {
	buildIDOnce.Do(func() {
		if bi, ok := debug.ReadBuildInfo(); ok {
			if id, ok := buildFingerprint(bi); ok {
				buildID = id
				return
			}
		}
		if exe, err := os.Executable(); err == nil {
			if id, ok := readBuildID(exe); ok {
				buildID = "buildid " + id
				return
			}
		}
		buildID = "patterns " + license.PatternsHash()
	})
	return buildID
}

// buildFingerprint identifies the detector by the build: ospo-scan's own
// source (a module version with its go.sum hash, as `go install m@v`
// records, or a VCS revision without local modifications) and the
// licensecheck module version and hash pin every pattern. It reports false
// for any other build: a modified work tree, a test binary, a replaced
// licensecheck.
func buildFingerprint(bi *debug.BuildInfo) (string, bool) {
	var self string
	if bi.Main.Version != "" && bi.Main.Version != "(devel)" && bi.Main.Sum != "" {
		self = "module " + bi.Main.Path + "@" + bi.Main.Version + " " + bi.Main.Sum
	} else {
		var rev, modified string
		for _, s := range bi.Settings {
			switch s.Key {
			case "vcs.revision":
				rev = s.Value
			case "vcs.modified":
				modified = s.Value
			}
		}
		if rev == "" || modified != "false" {
			return "", false
		}
		self = "vcs " + rev
	}
	var lc *debug.Module
	for _, d := range bi.Deps {
		if d.Path == "github.com/google/licensecheck" {
			lc = d
		}
	}
	if lc == nil || lc.Replace != nil || lc.Version == "" || lc.Sum == "" {
		return "", false
	}
	h := sha256.New()
	fmt.Fprintf(h, "%s\x00licensecheck %s %s", self, lc.Version, lc.Sum)
	return "build-" + hex.EncodeToString(h.Sum(nil)), true
}

// buildIDMarker precedes the build ID the go linker writes at the start
// of the text of a Mach-O or PE executable (as cmd/internal/buildid reads
// it); an ELF executable has it in a note instead.
var buildIDMarker = []byte("\xff Go build ID: \"")

// readBuildID returns the Go build ID of an executable, and reports
// whether it has one: from the .note.go.buildid note of an ELF file, else
// after buildIDMarker in its first 32 KiB.
func readBuildID(name string) (string, bool) {
	if ef, err := elf.Open(name); err == nil {
		defer ef.Close()
		if sec := ef.Section(".note.go.buildid"); sec != nil {
			data, err := sec.Data()
			// An ELF note: name size, description size, type (4), the
			// name "Go\x00\x00", then the description, the build ID.
			if err != nil || len(data) < 16 || string(data[12:16]) != "Go\x00\x00" {
				return "", false
			}
			n := ef.ByteOrder.Uint32(data[4:8])
			if uint64(len(data)) < 16+uint64(n) || n == 0 {
				return "", false
			}
			return string(data[16 : 16+n]), true
		}
		return "", false
	}
	f, err := os.Open(name)
	if err != nil {
		return "", false
	}
	defer f.Close()
	buf := make([]byte, 32<<10)
	n, err := io.ReadFull(f, buf)
	if err != nil && err != io.ErrUnexpectedEOF {
		return "", false
	}
	buf = buf[:n]
	i := bytes.Index(buf, buildIDMarker)
	if i < 0 {
		return "", false
	}
	rest := buf[i+len(buildIDMarker):]
	j := bytes.IndexByte(rest, '"')
	if j <= 0 {
		return "", false
	}
	return string(rest[:j]), true
}

// goEnvironment returns the variables of env that shape what the go
// command reports and builds, as sorted KEY=value: every GO* and CGO_*
// variable, the C compilers, and those that locate go env's settings
// file; and, with neither CC nor CGO_ENABLED set, where PATH has the
// default C compiler (see defaultCC). It is the one list both the graph
// key and go env's fingerprint read, so the two caches can never disagree
// on what the environment is.
func goEnvironment(env []string) []string {
	vars := map[string]string{}
	pathList := ""
	for _, kv := range env {
		k, v, ok := strings.Cut(kv, "=")
		if !ok {
			continue
		}
		switch {
		case strings.HasPrefix(k, "GO"), strings.HasPrefix(k, "CGO_"),
			k == "CC", k == "CXX", k == "HOME", k == "XDG_CONFIG_HOME", k == "AppData", k == "home":
			vars[k] = v // the last value wins, as in the go command
		case k == "PATH", runtime.GOOS == "windows" && strings.EqualFold(k, "PATH"):
			pathList = v
		}
	}
	out := make([]string, 0, len(vars)+1)
	for k, v := range vars {
		out = append(out, k+"="+v)
	}
	if cgo := vars["CGO_ENABLED"]; vars["CC"] == "" && cgo != "0" && cgo != "1" {
		cc := defaultCC()
		out = append(out, "found "+cc+"="+lookPathIn(cc, pathList, lookupEnv(env, "PATHEXT")))
	}
	sort.Strings(out)
	return out
}

// defaultCC returns the C compiler the go command looks for on PATH when
// CC is unset (cmd/go's DefaultCC for the host): with CGO_ENABLED unset
// too, it enables cgo for the host only when it finds it, and a cgo
// package then builds (and links) other files.
func defaultCC() string {
	switch runtime.GOOS {
	case "darwin", "ios", "freebsd", "openbsd":
		return "clang"
	}
	return "gcc"
}

// lookPathIn returns where the executable file is found in the
// directories of pathList, as exec.LookPath looks in PATH (with the
// extensions of pathExt on Windows); "" when it is not found.
func lookPathIn(file, pathList, pathExt string) string {
	exts := []string{""}
	if runtime.GOOS == "windows" {
		if pathExt == "" {
			pathExt = ".com;.exe;.bat;.cmd"
		}
		exts = strings.Split(strings.ToLower(pathExt), ";")
	}
	for _, dir := range filepath.SplitList(pathList) {
		if dir == "" {
			dir = "."
		}
		for _, ext := range exts {
			name := filepath.Join(dir, file+ext)
			fi, err := os.Stat(name)
			if err == nil && !fi.IsDir() && (runtime.GOOS == "windows" || fi.Mode()&0o111 != 0) {
				return name
			}
		}
	}
	return ""
}
