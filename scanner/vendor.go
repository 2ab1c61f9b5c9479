package scanner

import (
	"fmt"
	"strings"

	"golang.org/x/mod/module"
	"golang.org/x/mod/semver"

	"github.com/ospo-scan/ospo-scan/internal/model"
)

// VendorModule is a module listed in vendor/modules.txt.
type VendorModule struct {
	Path     string
	Version  string
	Replace  *model.Replacement
	Packages []string
}

// ParseVendorModules parses the module lines of a vendor/modules.txt file
// ("# path version [=> replacement [version]]", followed by the module's
// package lines). It does no I/O; name is used in errors, which carry the
// line number. Lines that replace every version of a module ("# path =>
// dir") name no module of the build list and are skipped.
func ParseVendorModules(name string, data []byte) ([]VendorModule, error) {
	var mods []VendorModule
	var cur *VendorModule
	for i, line := range strings.Split(string(data), "\n") {
		line = strings.TrimRight(line, "\r")
		lineErr := func(format string, args ...any) error {
			return &GoCommandError{File: fmt.Sprintf("%s:%d", name, i+1), Msg: fmt.Sprintf(format, args...), Hint: "run `go mod vendor` to rewrite vendor/modules.txt"}
		}
		switch {
		case line == "" || strings.HasPrefix(line, "## "):
			continue
		case strings.HasPrefix(line, "# "):
			cur = nil
			f := strings.Fields(line[2:])
			if len(f) == 0 {
				return nil, lineErr("empty module line")
			}
			if len(f) >= 2 && f[1] == "=>" {
				continue // replaces all versions; not itself in the build list
			}
			if len(f) != 2 && !(len(f) >= 4 && f[2] == "=>" && len(f) <= 5) {
				return nil, lineErr("malformed module line %q", line)
			}
			m := VendorModule{Path: f[0], Version: f[1]}
			if err := module.CheckPath(m.Path); err != nil {
				return nil, lineErr("invalid module path: %v", err)
			}
			if !semver.IsValid(m.Version) {
				return nil, lineErr("invalid version %q of %s", m.Version, m.Path)
			}
			if len(f) >= 4 {
				m.Replace = &model.Replacement{Path: f[3]}
				if len(f) == 5 {
					m.Replace.Version = f[4]
				}
			}
			mods = append(mods, m)
			cur = &mods[len(mods)-1]
		case strings.HasPrefix(line, "#"):
			return nil, lineErr("malformed line %q", line)
		default:
			if cur == nil {
				return nil, lineErr("package %q before any module line", line)
			}
			cur.Packages = append(cur.Packages, strings.TrimSpace(line))
		}
	}
	return mods, nil
}
