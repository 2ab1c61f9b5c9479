package gobinary

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/ospo-scan/ospo-scan/internal/fixture"
)

// buildApps builds the bin fixture app (testdata/apps/bin.txtar) for each
// goos/goarch (CGO_ENABLED=0), with -ldflags=-s -w when stripped, and
// returns the binaries by "goos/goarch" (+"/stripped"), the app directory
// and its environment.
func buildApps(t testing.TB, plats []string, stripped ...bool) (bins map[string]string, dir string, env []string) {
	t.Helper()
	if testing.Short() {
		t.Skip("builds binaries")
	}
	dir, env = fixture.App(t, "bin", true)
	bins = map[string]string{}
	for _, plat := range plats {
		goos, goarch, _ := strings.Cut(plat, "/")
		for _, s := range stripped {
			key := plat
			args := []string{"build", "-o"}
			if s {
				key += "/stripped"
			}
			out := filepath.Join(dir, "..", strings.ReplaceAll(key, "/", "_"))
			args = append(args, out)
			if s {
				args = append(args, "-ldflags=-s -w")
			}
			fixture.Go(t, dir, append(slices.Clone(env), "GOOS="+goos, "GOARCH="+goarch), append(args, ".")...)
			bins[key] = out
		}
	}
	return bins, dir, env
}

func readFile(t *testing.T, name string) (*Binary, error) {
	t.Helper()
	data, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return Read(bytes.NewReader(data), int64(len(data)))
}

// TestBuilt reads binaries built from fixture modules for linux, darwin
// and windows, stripped and not: the module set is go version -m's, and
// the packages are packages of go list -deps (never one invented), with
// those that leave names behind found.
func TestBuilt(t *testing.T) {
	for _, tc := range []struct {
		goos, goarch, format string
	}{
		{"linux", "amd64", "ELF"},
		{"darwin", "arm64", "Mach-O"},
		{"windows", "amd64", "PE"},
	} {
		plat := tc.goos + "/" + tc.goarch
		bins, dir, env := buildApps(t, []string{plat}, false, true)
		env = append(env, "GOOS="+tc.goos, "GOARCH="+tc.goarch)
		for _, stripped := range []bool{false, true} {
			name := plat
			if stripped {
				name += "/stripped"
			}
			t.Run(name, func(t *testing.T) {
				bin := bins[name]
				b, err := readFile(t, bin)
				if err != nil {
					t.Fatal(err)
				}
				if b.Format != tc.format {
					t.Errorf("Format = %q, want %q", b.Format, tc.format)
				}
				if !b.PCLnTab {
					t.Errorf("PCLnTab = false: the function and file tables were not found")
				}
				if got := b.Setting("GOOS") + "/" + b.Setting("GOARCH"); got != tc.goos+"/"+tc.goarch {
					t.Errorf("GOOS/GOARCH settings = %s", got)
				}
				if b.Build.Main.Path != "example.com/binapp" || b.Build.Path != "example.com/binapp" {
					t.Errorf("main module %q, main package %q", b.Build.Main.Path, b.Build.Path)
				}
				// The module set is go version -m's.
				var want []string
				for _, l := range strings.Split(fixture.Go(t, dir, env, "version", "-m", bin), "\n") {
					f := strings.Fields(l)
					if len(f) >= 3 && f[0] == "dep" {
						want = append(want, f[1]+"@"+f[2]+" "+f[len(f)-1])
					}
				}
				var got []string
				for _, d := range b.Build.Deps {
					got = append(got, d.Path+"@"+d.Version+" "+d.Sum)
				}
				sort.Strings(want)
				sort.Strings(got)
				if !slices.Equal(got, want) {
					t.Errorf("deps:\n got %q\nwant %q", got, want)
				}
				wantWin := tc.goos == "windows"
				if slices.ContainsFunc(got, func(s string) bool { return strings.HasPrefix(s, "example.com/winonly@") }) != wantWin {
					t.Errorf("winonly in deps = %v, want %v", !wantWin, wantWin)
				}
				// Every package reported is one go list -deps lists.
				deps := map[string]bool{}
				for _, p := range strings.Fields(fixture.Go(t, dir, env, "list", "-deps", ".")) {
					deps[p] = true
				}
				var all []string
				for mod, ps := range b.Packages {
					for _, p := range ps {
						all = append(all, p)
						if !deps[p] {
							t.Errorf("package %s (module %s) is not a package of the build", p, mod)
						}
						if p != mod && !strings.HasPrefix(p, mod+"/") {
							t.Errorf("package %s filed under module %s", p, mod)
						}
					}
				}
				// apache and mit only return constants, major, pseudo and
				// winonly have empty functions, consts holds a constant:
				// all inlined away, they leave no name behind.
				sort.Strings(all)
				if want := []string{"example.com/bin.v1", "example.com/bin.v1/sub", "example.com/bin.v1/types", "example.com/binapp", "example.com/binapp/internal/greet"}; !slices.Equal(all, want) {
					t.Errorf("packages = %q, want %q", all, want)
				}
				if got, want := b.Packages["example.com/bin.v1"], []string{"example.com/bin.v1", "example.com/bin.v1/sub", "example.com/bin.v1/types"}; !slices.Equal(got, want) {
					t.Errorf("packages of example.com/bin.v1 = %q, want %q", got, want)
				}
			})
		}
	}
}

// TestHostile feeds files that are not usable Go binaries: each is one
// line of error, never a panic.
func TestHostile(t *testing.T) {
	bins, _, _ := buildApps(t, []string{"linux/amd64"}, true)
	good, err := os.ReadFile(bins["linux/amd64/stripped"])
	if err != nil {
		t.Fatal(err)
	}
	noInfo := bytes.ReplaceAll(slices.Clone(good), []byte("\xff Go buildinf:"), []byte("\xff Go buildinX:"))
	noPCLn := slices.Clone(good)
	for _, m := range [][]byte{{0xf1, 0xff, 0xff, 0xff, 0, 0}, {0xff, 0xff, 0xff, 0xf1, 0, 0}} {
		noPCLn = bytes.ReplaceAll(noPCLn, m, []byte{0, 0, 0, 0, 0, 0})
	}
	nonGoELF, _ := os.ReadFile("/bin/true")
	for _, tc := range []struct {
		name string
		data []byte
		want string // in the error; "" for success
	}{
		{"empty", nil, "not an executable"},
		{"text", []byte("#!/bin/sh\necho hello\n"), "not an executable"},
		{"elf magic only", []byte("\x7fELF"), "damaged ELF"},
		{"elf header cut", good[:40], "damaged ELF"},
		{"pe magic only", []byte("MZ\x00\x00"), "damaged PE"},
		{"macho magic only", []byte{0xcf, 0xfa, 0xed, 0xfe, 0, 0, 0, 0}, "damaged Mach-O"},
		{"fat macho", []byte{0xca, 0xfe, 0xba, 0xbe, 0, 0, 0, 2}, "universal"},
		{"truncated half", good[:len(good)/2], "damaged ELF"},
		{"truncated end", good[:len(good)-4096], "damaged ELF"},
		{"no build info", noInfo, "without build information"},
		{"no pclntab", noPCLn, ""},
		{"non-Go ELF", nonGoELF, "not a Go binary"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if tc.name == "non-Go ELF" && len(tc.data) == 0 {
				t.Skip("no /bin/true")
			}
			b, err := Read(bytes.NewReader(tc.data), int64(len(tc.data)))
			if tc.want == "" {
				if err != nil {
					t.Fatalf("Read: %v", err)
				}
				if b.PCLnTab {
					t.Errorf("PCLnTab = true with the table's header wiped")
				}
				return
			}
			if err == nil {
				t.Fatalf("Read succeeded, want an error with %q", tc.want)
			}
			if msg := err.Error(); !strings.Contains(msg, tc.want) || strings.Contains(msg, "\n") {
				t.Errorf("error %q, want one line with %q", msg, tc.want)
			}
		})
	}
	if _, err := Read(bytes.NewReader(nil), MaxSize+1); err == nil || !strings.Contains(err.Error(), "more than") {
		t.Errorf("a file over MaxSize: %v", err)
	}
}

// TestSymbolNames checks how names map to packages: generic arguments,
// methods, closures, escaped and dotted paths, pseudo-packages.
func TestSymbolNames(t *testing.T) {
	x := &modIndex{paths: map[string]bool{"gopkg.in/yaml.v3": true, "example.com/m": true, "example.com/m/v2": true}, escaped: map[string]string{"example.com/!m@v1.0.0": "example.com/m"}}
	for _, tc := range []struct{ name, want string }{
		{"gopkg.in/yaml.v3.Marshal", "gopkg.in/yaml.v3"},
		{"gopkg.in/yaml%2ev3.Marshal", "gopkg.in/yaml.v3"},
		{"gopkg.in/yaml.v3.(*decoder).unmarshal", "gopkg.in/yaml.v3"},
		{"example.com/m/sub.F[go.shape.struct { example.com/other.T }]", "example.com/m/sub"},
		{"example.com/m/sub.(*List[go.shape.int]).Push", "example.com/m/sub"},
		{"example.com/m/sub.F.func1", "example.com/m/sub"},
		{"example.com/m/v2/x.T.M", "example.com/m/v2/x"},
		{"example.com/m.init.0", "example.com/m"},
		{"type:.eq.example.com/m/sub.T", ""},
		{"go:itab.*example.com/m/sub.T,error", ""},
		{"example.com/other.F", ""},
		{"main.main", ""},
		{"runtime.gopanic", ""},
		{"example.com/m/..inittask", ""},
		{"example.com/m/sub.T.example.com/m/other.U.M", "example.com/m/sub"},
		{"example.com/m/sub.T.gopkg.in/yaml.v3.Node.Decode", "example.com/m/sub"},
		{"example.com/m/dotted.v2.F", "example.com/m/dotted.v2"},
		{"example.com/m/dotted.v3.F", "example.com/m/dotted"},
	} {
		found := map[string]bool{}
		x.last = "" // a case's package is never the previous one's
		x.addSymbol(found, map[string]bool{"example.com/m/dotted.v2": true}, tc.name)
		got := ""
		for p := range found {
			got = p
		}
		if got != tc.want {
			t.Errorf("%q -> %q, want %q", tc.name, got, tc.want)
		}
	}
	// A file name gives the package directory and the file relative to
	// the module root, as the table spells it: whether the module has it
	// is for the caller to check. A build from vendor/ without -trimpath
	// names files by their vendor path; the Go root's vendor/ is the
	// standard library's.
	x.main = "example.com/app"
	x.setGoroot([]string{"/x/example.com/!m@v1.0.0/src/runtime/proc.go", "/usr/local/go/src/runtime/proc.go"})
	if x.goroot != "/usr/local/go/src/" {
		t.Fatalf("goroot %q", x.goroot)
	}
	for _, tc := range []struct{ name, want, mod, file string }{
		{"/home/u/go/pkg/mod/example.com/!m@v1.0.0/sub/a.go", "example.com/m/sub", "example.com/m", "sub/a.go"},
		{"example.com/!m@v1.0.0/a.go", "example.com/m", "example.com/m", "a.go"},
		{`C:\Users\u\go\pkg\mod\example.com\!m@v1.0.0\sub\a.go`, "example.com/m/sub", "example.com/m", "sub/a.go"},
		{"/x/example.com/!m@v1.0.1/sub/a.go", "", "", ""},
		{"/x/other.com/!m@v1.0.0/sub/a.go", "", "", ""},
		{"/x/example.com/m/sub/a.go", "", "", ""},
		{"<autogenerated>", "", "", ""},
		{"_cgo_gotypes.go", "", "", ""},
		{"example.com/!m@v1.0.0/testdata/a.go", "", "example.com/m", "testdata/a.go"},
		{"example.com/!m@v1.0.0/../../etc/a.go", "", "example.com/m", "../../etc/a.go"},
		{"/src/app/vendor/example.com/m/sub/a.go", "example.com/m/sub", "example.com/m", "sub/a.go"},
		{"/src/app/vendor/example.com/m/a.go", "example.com/m", "example.com/m", "a.go"},
		{"/src/app/vendor/example.com/m/v2/x/a.go", "example.com/m/v2/x", "example.com/m/v2", "x/a.go"},
		{"/src/app/vendor/example.com/m/../../../etc/a.go", "", "example.com/m", "../../../etc/a.go"},
		{"/src/app/vendor/example.com/other/a.go", "", "", ""},
		{"/src/app/vendor/example.com/app/a.go", "", "", ""},
		{"/usr/local/go/src/vendor/example.com/m/sub/a.go", "", "", ""},
		{"/usr/local/go/src/vendor/x/vendor/example.com/m/sub/a.go", "example.com/m/sub", "example.com/m", "sub/a.go"},
	} {
		found := map[string]bool{}
		files := map[string]map[string]bool{}
		x.addFile(found, files, tc.name)
		got := ""
		for p := range found {
			got = p
		}
		if got != tc.want {
			t.Errorf("file %q -> %q, want %q", tc.name, got, tc.want)
		}
		gotMod, gotFile := "", ""
		for m, set := range files {
			gotMod = m
			for f := range set {
				gotFile = f
			}
		}
		if len(files) > 1 || len(files[gotMod]) > 1 || gotMod != tc.mod || gotFile != tc.file {
			t.Errorf("file %q -> files %v, want %q in %q", tc.name, files, tc.file, tc.mod)
		}
	}
	// Without the Go root, no vendor path is trusted.
	x.goroot = ""
	files := map[string]map[string]bool{}
	x.addFile(map[string]bool{}, files, "/src/app/vendor/example.com/m/sub/a.go")
	if len(files) != 0 {
		t.Errorf("a vendor path without a known Go root: %v", files)
	}
}

// TestTypeNames reads package paths from type descriptor names (a zero
// flags byte, a length, the path), and nothing from other bytes.
func TestTypeNames(t *testing.T) {
	x := &modIndex{paths: map[string]bool{"example.com/m": true}}
	name := func(p string) string { return "\x00" + string(rune(len(p))) + p }
	d := []byte("junk" + name("example.com/m/types") + "\x07" + name("example.com/other/p") + name("example.com/m/x y") +
		"example.com/m/plain\x00" + "\x00\x30example.com/m/short" + name("example.com/m/ok") + "pad pad pad")
	found := map[string]bool{}
	x.addTypeNames(found, d)
	var got []string
	for p := range found {
		got = append(got, p)
	}
	sort.Strings(got)
	if want := []string{"example.com/m/ok", "example.com/m/types"}; !slices.Equal(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}
}

// FuzzRead feeds damaged binaries to Read: it must return, without a
// panic, and with an error of one line.
func FuzzRead(f *testing.F) {
	f.Add([]byte("\x7fELF\x02\x01\x01"))
	f.Add([]byte("MZ"))
	f.Add([]byte{0xcf, 0xfa, 0xed, 0xfe, 7, 0, 0, 1})
	if !testing.Short() {
		bins, _, _ := buildApps(f, []string{"linux/amd64", "windows/amd64", "darwin/arm64"}, true)
		for _, name := range fixture.Keys(bins) {
			if data, err := os.ReadFile(bins[name]); err == nil {
				f.Add(data)
			}
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		b, err := Read(bytes.NewReader(data), int64(len(data)))
		if err != nil {
			if strings.Contains(err.Error(), "\n") {
				t.Errorf("error of several lines: %q", err)
			}
			return
		}
		if b.Build == nil {
			t.Errorf("no error and no build information")
		}
	})
}
