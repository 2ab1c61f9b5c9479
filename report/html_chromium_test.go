package report

import (
	"bytes"
	"context"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/ospo-scan/ospo-scan/internal/model"
)

// chromiumPath returns Debian's chromium, or skips the test without it,
// unless OSPO_REQUIRE_CHROMIUM=1 (set by .ci/run, which installs it)
// makes its absence a failure.
func chromiumPath(t *testing.T) string {
	t.Helper()
	for _, name := range []string{"chromium", "/usr/bin/chromium"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv("OSPO_REQUIRE_CHROMIUM") == "1" {
		t.Fatal("chromium not found and OSPO_REQUIRE_CHROMIUM=1: install it (apt-get install -y chromium)")
	}
	t.Skip("chromium not found: install Debian's chromium (apt-get install -y chromium) to render the HTML report in a real browser")
	return ""
}

// runChromium runs headless chromium with a fresh profile and the flags
// this closed network needs (no background connections), plus args.
func runChromium(t *testing.T, bin string, args ...string) []byte {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	base := []string{"--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
		"--disable-background-networking", "--disable-component-update", "--disable-sync",
		"--disable-dev-shm-usage", "--hide-scrollbars", "--user-data-dir=" + t.TempDir()}
	cmd := exec.CommandContext(ctx, bin, append(base, args...)...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("chromium %s: %v\n%s", strings.Join(args, " "), err, stderr.String())
	}
	return stdout.Bytes()
}

// artifactDir is where the test leaves the screenshot for people to look
// at: $OSPO_ARTIFACTS, else ospo-scan-artifacts in the temporary directory.
func artifactDir(t *testing.T) string {
	dir := os.Getenv("OSPO_ARTIFACTS")
	if dir == "" {
		dir = filepath.Join(os.TempDir(), "ospo-scan-artifacts")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}

// TestHTMLInChromium renders the HTML report in headless Chromium: a
// screenshot that is not blank, the DOM with the script (the table
// controls work) and without it (the findings and every table row are
// there), and a print to PDF on A4 pages.
func TestHTMLInChromium(t *testing.T) {
	bin := chromiumPath(t)
	doc, read := htmlDoc(t)
	// Enough modules for a table worth sorting.
	for _, p := range []string{"github.com/z/last", "github.com/a/first", "golang.org/x/text"} {
		doc.Modules = append(doc.Modules, &model.Module{Path: p, Version: "v1.0.0", Scope: model.ScopeRequired,
			License:  &model.License{Expression: "BSD-3-Clause", Evidence: []model.Evidence{{File: "LICENSE", Verdict: "license", License: "BSD-3-Clause", Coverage: 100}}},
			Decision: &model.Decision{License: "BSD-3-Clause", Verdict: model.Allow, Category: "permissive", Rule: "allow[BSD-3-Clause]"}})
		doc.Summary.Modules++
		doc.Summary.Allow++
	}
	var b bytes.Buffer
	if err := WriteHTML(&b, doc, HTMLOptions{Read: read}); err != nil {
		t.Fatal(err)
	}
	page := filepath.Join(t.TempDir(), "report.html")
	if err := os.WriteFile(page, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	url := "file://" + filepath.ToSlash(page)

	shot := filepath.Join(artifactDir(t), "report-html.png")
	os.Remove(shot)
	runChromium(t, bin, "--window-size=1280,1400", "--screenshot="+shot, url)
	f, err := os.Open(shot)
	if err != nil {
		t.Fatalf("no screenshot: %v", err)
	}
	img, err := png.Decode(f)
	f.Close()
	if err != nil {
		t.Fatalf("screenshot %s is no PNG: %v", shot, err)
	}
	colours := map[[3]uint32]bool{}
	nonWhite, total := 0, 0
	bounds := img.Bounds()
	for y := bounds.Min.Y; y < bounds.Max.Y; y += 3 {
		for x := bounds.Min.X; x < bounds.Max.X; x += 3 {
			r, g, b, _ := img.At(x, y).RGBA()
			colours[[3]uint32{r >> 8, g >> 8, b >> 8}] = true
			if r>>8 < 240 || g>>8 < 240 || b>>8 < 240 {
				nonWhite++
			}
			total++
		}
	}
	if len(colours) < 16 || nonWhite*100 < total {
		t.Errorf("screenshot %s looks blank: %d colours, %d of %d pixels not white", shot, len(colours), nonWhite, total)
	}
	t.Logf("screenshot of the HTML report: %s (%dx%d)", shot, bounds.Dx(), bounds.Dy())

	// With the script: the table gained its controls and sort buttons.
	dom := string(runChromium(t, bin, "--dump-dom", url))
	for _, want := range []string{`<html lang="en" class="js">`, `<th><button type="button">Module</button></th>`, `6 of 6 modules shown`} {
		if !strings.Contains(dom, want) {
			t.Errorf("DOM with JavaScript lacks %q", want)
		}
	}

	// Without it: everything a reviewer needs is there all the same.
	// Chromium's --dump-dom prints nothing under
	// --blink-settings=scriptEnabled=false (it reads the DOM with a
	// script, as --screenshot does), so the DOM is dumped from a copy of
	// the page whose Content-Security-Policy forbids every script: the
	// browser blocks the page's script as it would with JavaScript off.
	noJS := filepath.Join(t.TempDir(), "report-nojs.html")
	csp := `<meta http-equiv="Content-Security-Policy" content="script-src 'none'">`
	if err := os.WriteFile(noJS, []byte(strings.Replace(b.String(), "<head>", "<head>\n"+csp, 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	dom = string(runChromium(t, bin, "--dump-dom", "file://"+filepath.ToSlash(noJS)))
	if !strings.Contains(dom, "script-src 'none'") {
		t.Fatalf("DOM without JavaScript: not the page with scripts forbidden:\n%s", dom)
	}
	if strings.Contains(dom, `class="js"`) {
		t.Error("the script ran with scripts disabled")
	}
	if n := strings.Count(dom, `<article class="finding `); n != len(doc.Findings) {
		t.Errorf("DOM without JavaScript: %d findings, want %d", n, len(doc.Findings))
	}
	if n := strings.Count(dom, ` data-decision="`); n != len(doc.Modules) {
		t.Errorf("DOM without JavaScript: %d table rows, want %d", n, len(doc.Modules))
	}
	for _, m := range doc.Modules {
		if !strings.Contains(dom, ">"+m.Path+"</a></td>") {
			t.Errorf("DOM without JavaScript lacks the row of %s", m.Path)
		}
	}
	if !strings.Contains(dom, "versions: \"v1.0.0\"\n    license: \"AGPL-3.0-only\"\n    decision: allow") {
		t.Error("DOM without JavaScript lacks the exception entry to paste")
	}

	// Printed: A4 pages (595 x 842 pt), with every module's evidence open
	// with the script or without it.
	pages := func(page string) int {
		pdf := filepath.Join(t.TempDir(), "report.pdf")
		runChromium(t, bin, "--no-pdf-header-footer", "--print-to-pdf="+pdf, "file://"+filepath.ToSlash(page))
		data, err := os.ReadFile(pdf)
		if err != nil {
			t.Fatalf("no PDF: %v", err)
		}
		if !bytes.HasPrefix(data, []byte("%PDF-")) || !bytes.Contains(data, []byte("/MediaBox [0 0 594.9")) {
			t.Errorf("printed PDF has no A4 pages (want /MediaBox [0 0 594.96 841.92])")
		}
		return len(regexp.MustCompile(`/Type\s*/Page[^s]`).FindAll(data, -1))
	}
	withJS, withoutJS := pages(page), pages(noJS)
	if withJS < 2 || withJS != withoutJS {
		t.Errorf("printed: %d pages with the script, %d without; want the same, the evidence open in both", withJS, withoutJS)
	}
	t.Logf("printed on %d A4 pages", withJS)
}
