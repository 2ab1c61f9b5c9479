package scanner

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"hash"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
)

// goEnv holds what Load needs from go env.
type goEnv struct {
	GOMOD, GOWORK, GOVERSION, GOFLAGS string
	// GOROOT and GOENV locate the files that set defaults (go.env) and
	// the user's `go env -w` settings; both are part of the graph key.
	GOROOT, GOENV string
	// GOSUMDB and GONOSUMDB say which modules the checksum database
	// vouches for (see useSumDB).
	GOSUMDB, GONOSUMDB string
	// GOMODCACHE is where a binary's modules are looked for (Binary),
	// and where detection starts reading the required modules before the
	// go command is done (see prefetch).
	GOMODCACHE string
}

// goEnvVars are the variables Load asks go env for.
var goEnvVars = []string{"GOMOD", "GOWORK", "GOVERSION", "GOFLAGS", "GOROOT", "GOENV", "GOSUMDB", "GONOSUMDB", "GOMODCACHE"}

// readGoEnv returns the go env values Load needs. With a cache, they are
// kept under a fingerprint of everything go env derives them from (see
// goEnvFingerprint), which saves running the go command (20 ms here) on
// every warm run.
func (r *runner) readGoEnv(ctx context.Context) (goEnv, error) {
	var ge goEnv
	c := r.opts.Cache
	fp, guess, ok := "", goEnvGuess{}, false
	if c != nil {
		fp, guess, ok = goEnvFingerprint(&r.opts)
	}
	if ok && c.get("goenv", fp, &ge) && guess.confirmedBy(ge) {
		return ge.normal(), nil
	}
	if err := r.runJSON(ctx, nil, &ge, append([]string{"env", "-json"}, goEnvVars...)...); err != nil {
		return goEnv{}, err
	}
	if ok && guess.confirmedBy(ge) {
		c.put("goenv", fp, ge)
	}
	return ge.normal(), nil
}

// normal returns ge with GOWORK empty when no go.work file is in use: go
// env prints "off" for GOWORK=off, which names no file (taken as one, the
// scan ran in workspace mode with the current directory as its root).
func (ge goEnv) normal() goEnv {
	if ge.GOWORK == "off" {
		ge.GOWORK = ""
	}
	return ge
}

// goEnvGuess is where goEnvFingerprint expects GOROOT and the settings
// file to be; go env must report the same for its answer to be cached.
type goEnvGuess struct {
	goroot, goenv string
}

// confirmedBy reports whether go env's answer ge is where the fingerprint
// looked for GOROOT and the settings file, so that a toolchain shim or an
// unusual layout is never cached, or answered, under a wrong guess.
func (g goEnvGuess) confirmedBy(ge goEnv) bool {
	return ge.GOROOT == g.goroot && ge.GOENV == g.goenv && ge.GOVERSION != ""
}

// goEnvFingerprint hashes everything `go env` derives GOMOD, GOWORK,
// GOVERSION, GOFLAGS, GOROOT, GOENV, GOSUMDB and GONOSUMDB from: the go
// binary (resolved path, size, modification time), the GOROOT it implies
// and the content of its go.env and VERSION files, the content of the
// user's settings file, the variables of the go environment (see
// goEnvironment, which the graph key reads too), the code that reads
// the answer (buildIdentity), the directory, and which of
// its ancestors hold a go.mod or go.work. It reports false when go env's answer could depend on
// anything else: a toolchain other than the local one (GOTOOLCHAIN), or a
// go command that cannot be found or is not an executable binary (a
// shell-script shim chooses a Go by rules of its own).
func goEnvFingerprint(opts *LoadOptions) (string, goEnvGuess, bool) {
	env := opts.env()
	if tc := lookupEnv(env, "GOTOOLCHAIN"); tc != "" && tc != "local" {
		return "", goEnvGuess{}, false
	}
	goCmd := opts.Go
	if goCmd == "" {
		goCmd = "go"
	}
	path, err := exec.LookPath(goCmd)
	if err != nil {
		return "", goEnvGuess{}, false
	}
	real, err := filepath.EvalSymlinks(path)
	if err != nil {
		return "", goEnvGuess{}, false
	}
	if real, err = filepath.Abs(real); err != nil || !isExecutableBinary(real) {
		return "", goEnvGuess{}, false
	}
	h := sha256.New()
	fmt.Fprintf(h, "goenv\x00%s\x00", buildIdentity())
	if !hashStat(h, real) {
		return "", goEnvGuess{}, false
	}
	var guess goEnvGuess
	guess.goroot = lookupEnv(env, "GOROOT")
	if guess.goroot == "" {
		guess.goroot = filepath.Dir(filepath.Dir(real))
	}
	if hashFile(h, filepath.Join(guess.goroot, "go.env")) != nil || hashFile(h, filepath.Join(guess.goroot, "VERSION")) != nil {
		return "", goEnvGuess{}, false
	}
	guess.goenv = lookupEnv(env, "GOENV")
	if guess.goenv == "" {
		dir, ok := userConfigDir(env)
		if !ok {
			return "", goEnvGuess{}, false
		}
		guess.goenv = filepath.Join(dir, "go", "env")
	}
	if guess.goenv != "off" && hashFile(h, guess.goenv) != nil {
		return "", goEnvGuess{}, false
	}
	for _, kv := range goEnvironment(env) {
		fmt.Fprintf(h, "%s\x00", kv)
	}
	dir, err := filepath.Abs(opts.Dir)
	if err != nil {
		return "", goEnvGuess{}, false
	}
	fmt.Fprintf(h, "dir=%s\x00", dir)
	for d := dir; ; d = filepath.Dir(d) {
		for _, name := range []string{"go.mod", "go.work"} {
			fi, err := os.Stat(filepath.Join(d, name))
			fmt.Fprintf(h, "%s/%s=%v\x00", d, name, err == nil && fi.Mode().IsRegular())
		}
		if filepath.Dir(d) == d {
			break
		}
	}
	return hex.EncodeToString(h.Sum(nil)), guess, true
}

// hashStat writes a file's size and modification time to h, and reports
// whether the file exists.
func hashStat(h hash.Hash, file string) bool {
	fi, err := os.Stat(file)
	if err != nil {
		return false
	}
	fmt.Fprintf(h, "%s %d %d %v\x00", file, fi.Size(), fi.ModTime().UnixNano(), fi.Mode())
	return true
}

// isExecutableBinary reports whether file starts like an ELF, Mach-O or
// PE executable.
func isExecutableBinary(file string) bool {
	f, err := os.Open(file)
	if err != nil {
		return false
	}
	defer f.Close()
	var magic [4]byte
	if _, err := f.Read(magic[:]); err != nil {
		return false
	}
	for _, m := range [][]byte{{0x7f, 'E', 'L', 'F'}, {0xfe, 0xed, 0xfa, 0xce}, {0xfe, 0xed, 0xfa, 0xcf}, {0xce, 0xfa, 0xed, 0xfe}, {0xcf, 0xfa, 0xed, 0xfe}, {0xca, 0xfe, 0xba, 0xbe}} {
		if bytes.Equal(magic[:], m) {
			return true
		}
	}
	return magic[0] == 'M' && magic[1] == 'Z'
}

// userConfigDir is os.UserConfigDir for the environment env, which is
// what the go command sees.
func userConfigDir(env []string) (string, bool) {
	var dir string
	switch runtime.GOOS {
	case "windows":
		dir = lookupEnv(env, "AppData")
	case "darwin", "ios":
		if home := lookupEnv(env, "HOME"); home != "" {
			dir = filepath.Join(home, "Library", "Application Support")
		}
	case "plan9":
		if home := lookupEnv(env, "home"); home != "" {
			dir = filepath.Join(home, "lib")
		}
	default:
		dir = lookupEnv(env, "XDG_CONFIG_HOME")
		if dir == "" || !filepath.IsAbs(dir) {
			if home := lookupEnv(env, "HOME"); home != "" {
				dir = filepath.Join(home, ".config")
			} else {
				dir = ""
			}
		}
	}
	return dir, dir != ""
}
