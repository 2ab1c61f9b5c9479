package report

import (
	"testing"

	"github.com/ospo-scan/ospo-scan/internal/model"
)

// TestSourceHeader: the notices take of a Go file that is license
// evidence its header comment, not its code.
func TestSourceHeader(t *testing.T) {
	line := func(file string, l int) model.Evidence {
		return model.Evidence{File: file, Matches: []model.Match{{ID: "Apache-2.0", Kind: "notice", Lines: [2]int{l, l}}}}
	}
	tests := []struct {
		name, data string
		ev         model.Evidence
		want       string
	}{
		{"line comments, to the paragraph's end", "// Copyright 2018 X\n//\n// Licensed under the Apache License, Version 2.0.\n// See the License.\n\n// Code generated. DO NOT EDIT.\n\npackage m\n\nfunc F() {}\n", line("a.go", 3), "// Copyright 2018 X\n//\n// Licensed under the Apache License, Version 2.0.\n// See the License.\n"},
		{"block comment, to its end", "/*\n * Copyright 2018 X\n *\n * Licensed under the Apache License, Version 2.0.\n * See the License.\n */\n\npackage m\n", line("a.go", 4), "/*\n * Copyright 2018 X\n *\n * Licensed under the Apache License, Version 2.0.\n * See the License.\n */\n"},
		{"SPDX tag then code", "// SPDX-License-Identifier: MIT\npackage m\n\nfunc F() {}\n", line("a.go", 1), "// SPDX-License-Identifier: MIT\n"},
		{"one-line block comment", "/* SPDX-License-Identifier: MIT */\n// more\npackage m\n", line("a.go", 1), "/* SPDX-License-Identifier: MIT */\n"},
		{"a license file is whole", "Apache License\nVersion 2.0\n\nmore\n", line("LICENSE", 1), "Apache License\nVersion 2.0\n\nmore\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := string(sourceHeader([]byte(tt.data), tt.ev)); got != tt.want {
				t.Errorf("sourceHeader = %q, want %q", got, tt.want)
			}
		})
	}
}
