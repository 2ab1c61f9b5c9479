package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/ospo-scan/ospo-scan/internal/fixture"
)

type actionFile struct {
	Inputs  map[string]struct{ Default string } `yaml:"inputs"`
	Outputs map[string]struct{ Value string }   `yaml:"outputs"`
	Runs    struct {
		Using string `yaml:"using"`
		Steps []struct {
			ID  string            `yaml:"id"`
			Run string            `yaml:"run"`
			Env map[string]string `yaml:"env"`
		} `yaml:"steps"`
	} `yaml:"runs"`
}

func readAction(t *testing.T) actionFile {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(fixture.Root(), "action.yml"))
	if err != nil {
		t.Fatal(err)
	}
	var a actionFile
	if err := yaml.Unmarshal(data, &a); err != nil {
		t.Fatal(err)
	}
	return a
}

// TestActionConsistent checks action.yml: a composite action with the
// documented inputs and outputs, each input passed to the scan script.
func TestActionConsistent(t *testing.T) {
	a := readAction(t)
	if a.Runs.Using != "composite" {
		t.Errorf("runs.using = %q, want composite", a.Runs.Using)
	}
	doc, err := os.ReadFile(filepath.Join(fixture.Root(), "docs", "ci.md"))
	if err != nil {
		t.Fatal(err)
	}
	for _, in := range []string{"version", "install-mode", "args", "policy", "sbom", "format", "fail-on", "working-directory"} {
		if _, ok := a.Inputs[in]; !ok {
			t.Errorf("action.yml lacks input %q", in)
		}
		if !strings.Contains(string(doc), "| `"+in+"` |") {
			t.Errorf("docs/ci.md does not document input %q", in)
		}
	}
	for in := range a.Inputs {
		if !strings.Contains(string(doc), "| `"+in+"` |") {
			t.Errorf("input %q is not documented in docs/ci.md", in)
		}
	}
	for _, out := range []string{"sbom", "sarif", "json", "findings"} {
		o, ok := a.Outputs[out]
		if !ok || !strings.Contains(o.Value, "steps.scan.outputs."+out) {
			t.Errorf("output %q missing or not from the scan step: %+v", out, o)
		}
		if !strings.Contains(string(doc), "| `"+out+"` |") {
			t.Errorf("docs/ci.md does not document output %q", out)
		}
	}
	var scan bool
	for _, s := range a.Runs.Steps {
		if s.ID == "scan" {
			scan = true
			for _, in := range []string{"args", "policy", "sbom", "format", "fail-on", "baseline"} {
				env := "INPUT_" + strings.ToUpper(strings.ReplaceAll(in, "-", "_"))
				if !strings.Contains(s.Env[env], "inputs."+in) {
					t.Errorf("scan step does not pass input %s as %s", in, env)
				}
			}
			if !strings.Contains(s.Run, "scripts/action-scan.sh") {
				t.Errorf("scan step runs %q", s.Run)
			}
		}
	}
	if !scan {
		t.Error("no step with id scan")
	}
}

// TestActionScript runs the action's scan step locally, inputs set as
// environment variables, against a fixture repository scanned from a
// subdirectory of the workspace, as a job with working-directory does.
func TestActionScript(t *testing.T) {
	dir, env := fixture.App(t, "agpl", true)
	bin := filepath.Join(t.TempDir(), "ospo-scan")
	build := exec.Command("go", "build", "-o", bin, ".")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	// The workspace is the directory above the module: the module is its
	// subdirectory filepath.Base(dir).
	workspace := filepath.Dir(dir)
	sub := filepath.Base(dir)
	run := func(extra ...string) (string, int, map[string]string) {
		t.Helper()
		tmp := t.TempDir()
		output, summary := filepath.Join(tmp, "output"), filepath.Join(tmp, "summary.md")
		cmd := exec.Command("bash", filepath.Join(fixture.Root(), "scripts", "action-scan.sh"))
		cmd.Dir = dir
		cmd.Env = append(append([]string{}, env...),
			"OSPO_SCAN_BIN="+bin, "RUNNER_TEMP="+tmp, "GITHUB_OUTPUT="+output, "GITHUB_STEP_SUMMARY="+summary,
			"GITHUB_WORKSPACE="+workspace,
			"INPUT_ARGS=./...", "INPUT_SBOM=ospo-sbom.cdx.json", "INPUT_FORMAT=github", "INPUT_POLICY=")
		cmd.Env = append(cmd.Env, extra...)
		out, err := cmd.CombinedOutput()
		code := 0
		if ee, ok := err.(*exec.ExitError); ok {
			code = ee.ExitCode()
		} else if err != nil {
			t.Fatal(err)
		}
		outputs := map[string]string{"tmp": tmp}
		data, _ := os.ReadFile(output)
		for _, l := range strings.Split(strings.TrimSpace(string(data)), "\n") {
			if k, v, ok := strings.Cut(l, "="); ok {
				outputs[k] = v
			}
		}
		sum, _ := os.ReadFile(summary)
		outputs["summary"] = string(sum)
		return string(out), code, outputs
	}
	before := listDir(t, dir)
	out, code, outputs := run("INPUT_FAIL_ON=deny")
	if code != 1 {
		t.Errorf("exit %d, want 1 (denied modules)\n%s", code, out)
	}
	if want := "::error file=" + sub + "/go.mod,line="; !strings.Contains(out, want) {
		t.Errorf("no annotation %q (relative to GITHUB_WORKSPACE) in the log:\n%s", want, out)
	}
	if outputs["findings"] != "3" {
		t.Errorf("findings output %q, want 3", outputs["findings"])
	}
	for _, k := range []string{"sarif", "sbom", "json"} {
		if !strings.HasPrefix(outputs[k], outputs["tmp"]) {
			t.Errorf("output %s = %q, want it under RUNNER_TEMP", k, outputs[k])
		}
		if _, err := os.Stat(outputs[k]); err != nil {
			t.Errorf("output %s = %q: %v", k, outputs[k], err)
		}
	}
	if after := listDir(t, dir); after != before {
		t.Errorf("the checkout changed:\nbefore %s\nafter  %s", before, after)
	}
	if !strings.Contains(outputs["summary"], "## ospo-scan") {
		t.Errorf("job summary not written: %q", outputs["summary"])
	}
	if strings.Count(outputs["summary"], "## ospo-scan") != 1 {
		t.Errorf("job summary written more than once: %q", outputs["summary"])
	}
	if _, code, _ := run("INPUT_FAIL_ON=never"); code != 0 {
		t.Errorf("fail-on never: exit %d, want 0", code)
	}
	// Another format in the log: the summary still comes, once.
	out, _, outputs = run("INPUT_FAIL_ON=never", "INPUT_FORMAT=text")
	if !strings.Contains(out, "example.com/agpl") || strings.Count(outputs["summary"], "## ospo-scan") != 1 {
		t.Errorf("text format: log %q, summary %q", out, outputs["summary"])
	}
}

// TestActionScriptBaseline runs the scan step as on a pull_request event:
// the baseline input is the base commit, which a depth-1 checkout lacks;
// the step fetches it, and findings the base already had do not fail it.
func TestActionScriptBaseline(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("no git")
	}
	dir, env := fixture.App(t, "agpl", true)
	env = append(env, "GIT_AUTHOR_NAME=t", "GIT_AUTHOR_EMAIL=t@example.com", "GIT_COMMITTER_NAME=t", "GIT_COMMITTER_EMAIL=t@example.com", "GIT_CONFIG_NOSYSTEM=1")
	git := func(dir string, args ...string) string {
		t.Helper()
		cmd := exec.Command("git", args...)
		cmd.Dir, cmd.Env = dir, env
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
		return strings.TrimSpace(string(out))
	}
	git(dir, "init", "-q")
	git(dir, "add", "-A")
	git(dir, "commit", "-qm", "base")
	base := git(dir, "rev-parse", "HEAD")
	os.WriteFile(filepath.Join(dir, "NOTES"), []byte("a change\n"), 0o644)
	git(dir, "add", "-A")
	git(dir, "commit", "-qm", "change")
	clone := filepath.Join(t.TempDir(), "clone")
	git(dir, "clone", "-q", "--depth=1", "file://"+dir, clone)
	bin := filepath.Join(t.TempDir(), "ospo-scan")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	run := func(baseline string) (string, int) {
		t.Helper()
		tmp := t.TempDir()
		cmd := exec.Command("bash", filepath.Join(fixture.Root(), "scripts", "action-scan.sh"))
		cmd.Dir = clone
		cmd.Env = append(append([]string{}, env...), "OSPO_SCAN_BIN="+bin, "RUNNER_TEMP="+tmp, "GITHUB_OUTPUT="+filepath.Join(tmp, "output"),
			"INPUT_ARGS=./...", "INPUT_SBOM=", "INPUT_FORMAT=github", "INPUT_FAIL_ON=deny", "INPUT_BASELINE="+baseline)
		out, err := cmd.CombinedOutput()
		code := 0
		if ee, ok := err.(*exec.ExitError); ok {
			code = ee.ExitCode()
		} else if err != nil {
			t.Fatal(err)
		}
		return string(out), code
	}
	out, code := run(base)
	if code != 0 || !strings.Contains(out, "fetching the baseline commit "+base) || !strings.Contains(out, "title=ospo-scan%3A deny (existing)") {
		t.Errorf("baseline %s: exit %d, want 0 with the base fetched and the findings existing:\n%s", base, code, out)
	}
	if st := git(clone, "status", "--porcelain"); st != "" {
		t.Errorf("the checkout changed: %s", st)
	}
	if out, code := run("none"); code != 1 || strings.Contains(out, "(existing)") {
		t.Errorf("baseline none: exit %d, want 1, a full check:\n%s", code, out)
	}
	missing := strings.Repeat("0", 40)
	if out, code := run(missing); code != 2 || !strings.Contains(out, "could not fetch") || !strings.Contains(out, "not in this shallow clone; fetch it first: git fetch --depth=1 origin "+missing) {
		t.Errorf("unknown base: exit %d, want 2 saying how to fetch:\n%s", code, out)
	}
}

func listDir(t *testing.T, dir string) string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return strings.Join(names, " ")
}

// TestActionInstall runs the action's install step against a release
// served from a file:// URL: the archive is verified against checksums.txt
// and kept in the tool cache; a bad checksum installs nothing; a ref that
// is no release tag falls back to go install.
func TestActionInstall(t *testing.T) {
	if _, err := exec.LookPath("curl"); err != nil {
		t.Skip("curl not installed")
	}
	releases := t.TempDir()
	const version = "v9.8.7"
	rel := filepath.Join(releases, version)
	if err := os.MkdirAll(rel, 0o755); err != nil {
		t.Fatal(err)
	}
	stage := t.TempDir()
	if err := os.WriteFile(filepath.Join(stage, "ospo-scan"), []byte("#!/bin/sh\necho fake ospo-scan\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	archive := "ospo-scan_9.8.7_linux_amd64.tar.gz"
	if out, err := exec.Command("tar", "-czf", filepath.Join(rel, archive), "-C", stage, "ospo-scan").CombinedOutput(); err != nil {
		t.Fatalf("tar: %v\n%s", err, out)
	}
	sum, err := exec.Command("sha256sum", filepath.Join(rel, archive)).Output()
	if err != nil {
		t.Skipf("sha256sum: %v", err)
	}
	good := strings.Fields(string(sum))[0] + "  " + archive + "\n"

	install := func(checksums string, extra ...string) (string, int, string) {
		t.Helper()
		if err := os.WriteFile(filepath.Join(rel, "checksums.txt"), []byte(checksums), 0o644); err != nil {
			t.Fatal(err)
		}
		tmp := t.TempDir()
		envFile := filepath.Join(tmp, "env")
		cmd := exec.Command("bash", filepath.Join(fixture.Root(), "scripts", "action-install.sh"))
		cmd.Env = append(os.Environ(), "RUNNER_OS=Linux", "RUNNER_ARCH=X64", "RUNNER_TEMP="+tmp,
			"GITHUB_ENV="+envFile, "OSPO_SCAN_RELEASES=file://"+releases, "OSPO_ACTION_REF="+version)
		cmd.Env = append(cmd.Env, extra...)
		out, err := cmd.CombinedOutput()
		code := 0
		if ee, ok := err.(*exec.ExitError); ok {
			code = ee.ExitCode()
		} else if err != nil {
			t.Fatal(err)
		}
		data, _ := os.ReadFile(envFile)
		return string(out), code, strings.TrimSpace(string(data))
	}

	toolCache := t.TempDir()
	out, code, env := install(good, "RUNNER_TOOL_CACHE="+toolCache)
	if code != 0 || !strings.Contains(out, "sha256 verified") {
		t.Fatalf("install: exit %d\n%s", code, out)
	}
	bin, ok := strings.CutPrefix(env, "OSPO_SCAN_BIN=")
	if !ok || !strings.HasPrefix(bin, toolCache) {
		t.Fatalf("GITHUB_ENV %q, want OSPO_SCAN_BIN in the tool cache", env)
	}
	if got, err := exec.Command(bin).Output(); err != nil || !strings.Contains(string(got), "fake ospo-scan") {
		t.Errorf("installed binary: %q %v", got, err)
	}
	// The second install comes from the tool cache, even with the release gone.
	out, code, _ = install("", "RUNNER_TOOL_CACHE="+toolCache)
	if code != 0 || !strings.Contains(out, "from the tool cache") {
		t.Errorf("second install: exit %d\n%s", code, out)
	}

	// A tampered archive: nothing installed.
	bad := strings.Repeat("0", 64) + "  " + archive + "\n"
	out, code, env = install(bad, "RUNNER_TOOL_CACHE="+t.TempDir())
	if code == 0 || !strings.Contains(out, "does not match checksums.txt") || env != "" {
		t.Errorf("bad checksum: exit %d, env %q\n%s", code, env, out)
	}

	// A branch: go install (a stand-in go records its arguments).
	fakeBin := t.TempDir()
	if err := os.WriteFile(filepath.Join(fakeBin, "go"), []byte("#!/bin/sh\necho \"go $*\"\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	out, code, env = install(good, "OSPO_ACTION_REF=main", "PATH="+fakeBin+":"+os.Getenv("PATH"))
	if code != 0 || !strings.Contains(out, "go install github.com/ospo-scan/ospo-scan/cmd/ospo-scan@main") || !strings.Contains(env, "OSPO_SCAN_BIN=") {
		t.Errorf("branch ref: exit %d, env %q\n%s", code, env, out)
	}
	// An explicit version input wins over the action's ref.
	out, _, _ = install(good, "INPUT_VERSION=v1.2.3", "INPUT_INSTALL_MODE=go-install", "PATH="+fakeBin+":"+os.Getenv("PATH"))
	if !strings.Contains(out, "@v1.2.3") {
		t.Errorf("version input: %s", out)
	}
}

// TestActionScriptMonorepo runs the scan step at the root of a repository
// whose modules live in subdirectories, with the defaults: the SBOM output
// is a directory of one SBOM per module; and args spread over lines with
// quotes are split as a shell would.
func TestActionScriptMonorepo(t *testing.T) {
	root := t.TempDir()
	for _, m := range []string{"api", "web"} {
		dir := filepath.Join(root, "services", m)
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		os.WriteFile(filepath.Join(dir, "go.mod"), []byte("module example.com/"+m+"\n\ngo 1.21\n"), 0o644)
		os.WriteFile(filepath.Join(dir, "main.go"), []byte("package main\n\nfunc main() {}\n"), 0o644)
	}
	os.WriteFile(filepath.Join(root, "my policy.yaml"), []byte("version: 1\n"), 0o644)
	bin := filepath.Join(t.TempDir(), "ospo-scan")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	// The SBOM directory holds the encoding the sbom input's name says.
	for _, tc := range []struct{ input, ext, head string }{
		{"ospo-sbom.cdx.json", ".cdx.json", `"bomFormat": "CycloneDX"`},
		{"ospo-sbom.spdx.json", ".spdx.json", `"spdxVersion": "SPDX-2.3"`},
		{"ospo-sbom.spdx", ".spdx", "SPDXVersion: SPDX-2.3"},
	} {
		tmp := t.TempDir()
		output := filepath.Join(tmp, "output")
		cmd := exec.Command("bash", filepath.Join(fixture.Root(), "scripts", "action-scan.sh"))
		cmd.Dir = root
		cmd.Env = append(os.Environ(), "OSPO_SCAN_BIN="+bin, "RUNNER_TEMP="+tmp, "GITHUB_OUTPUT="+output,
			"GOFLAGS=-mod=mod", "GOPROXY=off", "GOWORK=",
			"INPUT_ARGS=./...\n--policy \""+filepath.Join(root, "my policy.yaml")+"\"", "INPUT_SBOM="+tc.input, "INPUT_FORMAT=text", "INPUT_FAIL_ON=deny")
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("action at a monorepo root (sbom %s): %v\n%s", tc.input, err, out)
		}
		if !strings.Contains(string(out), "my policy.yaml)") {
			t.Errorf("the --policy on the args' second line was not used:\n%s", out)
		}
		data, _ := os.ReadFile(output)
		var sbom string
		for _, l := range strings.Split(string(data), "\n") {
			if v, ok := strings.CutPrefix(l, "sbom="); ok {
				sbom = v
			}
		}
		for _, m := range []string{"services_api", "services_web"} {
			data, err := os.ReadFile(filepath.Join(sbom, m+tc.ext))
			if err != nil {
				t.Errorf("sbom %s: output %q: %v", tc.input, sbom, err)
			} else if !strings.Contains(string(data), tc.head) {
				t.Errorf("sbom %s: %s%s is not %s", tc.input, m, tc.ext, tc.head)
			}
		}
	}
}
