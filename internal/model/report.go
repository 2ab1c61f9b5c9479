package model

// Schema is the identifier of the JSON report format.
const Schema = "ospo-scan/report/v1"

// Kinds of finding.
const (
	KindModule = "module"
	KindPolicy = "policy"
)

// Document is the report of a scan; its JSON encoding is the report
// format ospo-scan/report/v1 (see README.md): fields are only ever added.
type Document struct {
	Schema   string    `json:"schema"`
	Tool     Tool      `json:"tool"`
	Main     []string  `json:"main"`
	Policy   string    `json:"policy"`
	Summary  Summary   `json:"summary"`
	Modules  []*Module `json:"modules"`
	Findings []Finding `json:"findings"`
	// Baseline is what the scan was compared with (--baseline), and how
	// many modules and findings are new, changed or existing against it;
	// nil without one.
	Baseline *Baseline `json:"baseline,omitempty"`
	// Binaries are the Go binaries scanned (ospo-scan bin); absent for a
	// scan of source.
	Binaries []*Binary `json:"binaries,omitempty"`
}

// Tool names the program that wrote the report.
type Tool struct {
	Name    string `json:"name"`
	Version string `json:"version"`
}

// Summary counts modules by decision.
type Summary struct {
	Modules int `json:"modules"`
	Allow   int `json:"allow"`
	Warn    int `json:"warn"`
	Deny    int `json:"deny"`
	Unknown int `json:"unknown"` // modules with no license found
}

// Add counts a module decided d.
func (s *Summary) Add(d Decision) {
	s.Modules++
	switch d.Verdict {
	case Allow:
		s.Allow++
	case Warn:
		s.Warn++
	case Deny:
		s.Deny++
	}
	if d.License == "" {
		s.Unknown++
	}
}

// Location is a position in a file of the main module.
type Location struct {
	File string
	Line int
}

// Finding is something the policy flags: a module decided warn or deny, or
// a policy entry that expired, matched nothing, or never applied.
type Finding struct {
	// Main is the main module the finding is about in the scan of a
	// monorepo; empty otherwise.
	Main     string  `json:"main,omitempty"`
	Kind     string  `json:"kind"` // module | policy
	Severity Verdict `json:"severity"`
	Message  string  `json:"message"`
	Module   string  `json:"module,omitempty"`
	Version  string  `json:"version,omitempty"`
	License  string  `json:"license,omitempty"`
	Category string  `json:"category,omitempty"`
	// Rule is the decision's rule text (module findings), or what is
	// wrong with a policy entry (policy findings: expired, stale,
	// replaced, shadowed).
	Rule     string   `json:"rule,omitempty"`
	Evidence string   `json:"evidence,omitempty"`
	Via      []string `json:"via,omitempty"`
	Policy   string   `json:"policy,omitempty"` // file:line of the policy entry
	// Baseline marks the finding new, changed or existing against the
	// --baseline; empty without one.
	Baseline string `json:"baseline,omitempty"`
	// Since says what changed since the baseline, for a changed finding.
	Since string `json:"since,omitempty"`
	// Decided is the rule a module finding reports first (the first of
	// its decision's rules as rendered, in sorted order); nil for policy
	// findings and in a report read back.
	Decided *Rule `json:"-"`
	// Record is the module the finding is about; nil for policy findings
	// and in a report read back.
	Record *Module `json:"-"`
	// Location is where the finding points in the user's files.
	Location *Location `json:"-"`
}

// The marks of a module or finding against a baseline (--baseline).
const (
	// MarkNew: not in the baseline.
	MarkNew = "new"
	// MarkChanged: in the baseline, but its license, license text or
	// decision changed (a module: anything about it changed).
	MarkChanged = "changed"
	// MarkExisting: in the baseline as it is now.
	MarkExisting = "existing"
)

// Baseline is what a scan was compared with, and how many of its modules
// and findings are new, changed or existing against it.
type Baseline struct {
	// Source is the --baseline as given: a git ref or a report file.
	Source string `json:"source"`
	// Commit is the commit a git ref resolved to; empty for a file.
	Commit   string     `json:"commit,omitempty"`
	Modules  MarkCounts `json:"modules"`
	Findings MarkCounts `json:"findings"`
	// Removed lists the baseline's modules no longer in the scan, as
	// path@version (and main module in a monorepo: main path@version).
	Removed []string `json:"removed"`
}

// MarkCounts counts modules or findings by mark.
type MarkCounts struct {
	New      int `json:"new"`
	Changed  int `json:"changed"`
	Existing int `json:"existing"`
}
