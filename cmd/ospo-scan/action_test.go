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
	for _, in := range []string{"version", "args", "policy", "sbom", "format", "fail-on", "working-directory"} {
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
	for _, out := range []string{"sbom", "sarif", "findings"} {
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
			for _, in := range []string{"args", "policy", "sbom", "format", "fail-on"} {
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
// environment variables, against a fixture repository.
func TestActionScript(t *testing.T) {
	dir, env := fixture.App(t, "agpl", true)
	bin := filepath.Join(t.TempDir(), "ospo-scan")
	build := exec.Command("go", "build", "-o", bin, ".")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	run := func(extra ...string) (string, int, map[string]string) {
		t.Helper()
		tmp := t.TempDir()
		output, summary := filepath.Join(tmp, "output"), filepath.Join(tmp, "summary.md")
		cmd := exec.Command("bash", filepath.Join(fixture.Root(), "scripts", "action-scan.sh"))
		cmd.Dir = dir
		cmd.Env = append(append([]string{}, env...),
			"OSPO_SCAN_BIN="+bin, "RUNNER_TEMP="+tmp, "GITHUB_OUTPUT="+output, "GITHUB_STEP_SUMMARY="+summary,
			"INPUT_ARGS=./...", "INPUT_SBOM="+filepath.Join(tmp, "bom.json"), "INPUT_FORMAT=github", "INPUT_POLICY=")
		cmd.Env = append(cmd.Env, extra...)
		out, err := cmd.CombinedOutput()
		code := 0
		if ee, ok := err.(*exec.ExitError); ok {
			code = ee.ExitCode()
		} else if err != nil {
			t.Fatal(err)
		}
		outputs := map[string]string{}
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
	out, code, outputs := run("INPUT_FAIL_ON=deny")
	if code != 1 {
		t.Errorf("exit %d, want 1 (denied modules)\n%s", code, out)
	}
	if !strings.Contains(out, "::error file=go.mod,line=") {
		t.Errorf("no annotation in the log:\n%s", out)
	}
	if outputs["findings"] != "3" {
		t.Errorf("findings output %q, want 3", outputs["findings"])
	}
	for _, k := range []string{"sarif", "sbom"} {
		if _, err := os.Stat(outputs[k]); err != nil {
			t.Errorf("output %s = %q: %v", k, outputs[k], err)
		}
	}
	if !strings.Contains(outputs["summary"], "## ospo-scan") {
		t.Errorf("job summary not written: %q", outputs["summary"])
	}
	if _, code, _ := run("INPUT_FAIL_ON=never"); code != 0 {
		t.Errorf("fail-on never: exit %d, want 0", code)
	}
}
