package main

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestWriteTree copies a commit's files (regular, executable, symbolic
// links, in subdirectories, a large one) and checks the copy, and that the
// repository is untouched: no index change, no lock, nothing in the
// working tree.
func TestWriteTree(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("no git")
	}
	repo := t.TempDir()
	env := append(os.Environ(), "GIT_AUTHOR_NAME=t", "GIT_AUTHOR_EMAIL=t@example.com", "GIT_COMMITTER_NAME=t", "GIT_COMMITTER_EMAIL=t@example.com", "GIT_CONFIG_NOSYSTEM=1", "HOME="+t.TempDir())
	git := func(args ...string) string {
		t.Helper()
		cmd := exec.Command("git", args...)
		cmd.Dir, cmd.Env = repo, env
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
		return strings.TrimSpace(string(out))
	}
	big := strings.Repeat("0123456789abcdef", 1<<16) // 1 MiB
	files := map[string]string{"go.mod": "module x\n", "a/b/c.go": "package b\n", "run.sh": "#!/bin/sh\n", "big.bin": big, "a b/é.txt": "unicode\n"}
	for name, data := range files {
		p := filepath.Join(repo, filepath.FromSlash(name))
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	os.Chmod(filepath.Join(repo, "run.sh"), 0o755)
	if err := os.Symlink("a/b/c.go", filepath.Join(repo, "link.go")); err != nil {
		t.Fatal(err)
	}
	git("init", "-q")
	git("add", "-A")
	git("commit", "-qm", "one")
	commit := git("rev-parse", "HEAD")
	// A change in the working tree and the index, which the copy ignores.
	os.WriteFile(filepath.Join(repo, "go.mod"), []byte("module changed\n"), 0o644)
	git("add", "go.mod")
	status := git("status", "--porcelain")

	dir := t.TempDir()
	b := &baseline{arg: "HEAD", label: "--baseline HEAD", commit: commit, top: repo}
	if err := writeTree(context.Background(), b, dir, env); err != nil {
		t.Fatal(err)
	}
	for name, want := range files {
		got, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(name)))
		if err != nil || string(got) != want {
			t.Errorf("%s: %d bytes, %v; want the committed %d bytes", name, len(got), err, len(want))
		}
	}
	if fi, err := os.Stat(filepath.Join(dir, "run.sh")); err != nil || fi.Mode().Perm()&0o100 == 0 {
		t.Errorf("run.sh: %v %v, want executable", fi.Mode(), err)
	}
	if target, err := os.Readlink(filepath.Join(dir, "link.go")); err != nil || target != "a/b/c.go" {
		t.Errorf("link.go: %q %v, want a link to a/b/c.go", target, err)
	}
	if st := git("status", "--porcelain"); st != status {
		t.Errorf("git status %q after the copy, want %q", st, status)
	}
	if _, err := os.Stat(filepath.Join(repo, ".git", "index.lock")); err == nil {
		t.Error("index.lock left behind")
	}

	// A directory that is not empty: the copy refuses to overwrite.
	if err := writeTree(context.Background(), b, dir, env); err == nil {
		t.Error("a second copy into the same directory succeeded")
	}
}
