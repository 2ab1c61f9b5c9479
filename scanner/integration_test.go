package scanner_test

import (
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/ospo-scan/ospo-scan/scanner"
)

// TestRealProject downloads a real project through the module proxy and
// checks that Load lists exactly the non-main modules of go list -deps.
// It needs the network, so it runs only with OSPO_INTEGRATION=1 (see
// README, "Tests").
func TestRealProject(t *testing.T) {
	if os.Getenv("OSPO_INTEGRATION") == "" {
		t.Skip("set OSPO_INTEGRATION=1 to run (downloads prometheus and its dependencies)")
	}
	const target = "github.com/prometheus/prometheus@v0.316.0"
	tmp := t.TempDir()
	cmd := exec.Command("go", "mod", "download", "-json", target)
	cmd.Dir = tmp
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go mod download %s: %v", target, err)
	}
	var dl struct{ Dir string }
	if err := json.Unmarshal(out, &dl); err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(tmp, "src")
	if out, err := exec.Command("cp", "-r", dl.Dir, dir).CombinedOutput(); err != nil {
		t.Fatalf("copy: %v\n%s", err, out)
	}
	exec.Command("chmod", "-R", "u+w", dir).Run()
	// A module zip leaves out nested modules: a go.work naming them cannot load.
	os.Remove(filepath.Join(dir, "go.work"))
	os.Remove(filepath.Join(dir, "go.work.sum"))
	list := exec.Command("go", "list", "-deps", "-f", "{{with .Module}}{{if not .Main}}{{.Path}}@{{.Version}}{{end}}{{end}}", "./...")
	list.Dir = dir
	out, err = list.Output()
	if err != nil {
		t.Fatalf("go list -deps: %v", err)
	}
	want := map[string]bool{}
	for _, l := range strings.Fields(string(out)) {
		want[l] = true
	}
	g, err := scanner.Load(context.Background(), scanner.LoadOptions{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	var w, got []string
	for id := range want {
		w = append(w, id)
	}
	for _, m := range g.Modules {
		got = append(got, m.ID())
	}
	sort.Strings(w)
	if diff := cmp.Diff(w, got); diff != "" {
		t.Errorf("modules differ from go list -deps (-want +got):\n%s", diff)
	}
	t.Logf("%s: %d modules, as go list -deps", target, len(got))
}
