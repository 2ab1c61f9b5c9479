package main

import (
	"errors"
	"fmt"
	"os"
	"syscall"

	"github.com/ospo-scan/ospo-scan/internal/safetext"
	"github.com/ospo-scan/ospo-scan/policy"
	"github.com/ospo-scan/ospo-scan/scanner"
)

// Exit codes (README, "Exit codes").
const (
	exitOK       = 0
	exitFindings = 1
	exitUsage    = 2
	exitScan     = 3
)

// exitError carries the exit code of a failed run.
type exitError struct {
	code int
	err  error
}

func (e *exitError) Error() string { return e.err.Error() }
func (e *exitError) Unwrap() error { return e.err }

// ExitCode returns the process exit code for the error.
func (e *exitError) ExitCode() int { return e.code }

func usageErrorf(format string, args ...any) error {
	return &exitError{exitUsage, fmt.Errorf(format, args...)}
}

// findingsError reports that the policy found modules at or over --fail-on.
type findingsError struct {
	deny, warn int
	failOn     string
	// baseline: only the findings new or changed since the baseline
	// were counted.
	baseline bool
}

func (e *findingsError) Error() string {
	if e.baseline {
		return fmt.Sprintf("policy check failed: %d denied, %d warned, new or changed since the baseline (--fail-on %s)", e.deny, e.warn, e.failOn)
	}
	return fmt.Sprintf("policy check failed: %d denied, %d warned (--fail-on %s)", e.deny, e.warn, e.failOn)
}

// ExitCode returns 1.
func (e *findingsError) ExitCode() int { return exitFindings }

// exitCode maps an error from run to the process exit code.
func exitCode(err error) int {
	if err == nil {
		return exitOK
	}
	var coder interface{ ExitCode() int }
	if errors.As(err, &coder) {
		return coder.ExitCode()
	}
	var pe *policy.Error
	if errors.As(err, &pe) {
		return exitUsage
	}
	var ue *scanner.UsageError
	if errors.As(err, &ue) {
		if ue.Exit != 0 {
			return ue.Exit
		}
		return exitUsage
	}
	return exitScan
}

// interruptedError reports that the run was stopped by a signal (Ctrl-C):
// nothing was written, and the exit code is the shell's for the signal.
type interruptedError struct{ sig os.Signal }

func (e *interruptedError) Error() string {
	if e.sig == syscall.SIGTERM {
		return "terminated; no output was written"
	}
	return "interrupted; no output was written"
}

// ExitCode returns 128 plus the signal number: 130 for Ctrl-C, 143 for
// SIGTERM.
func (e *interruptedError) ExitCode() int {
	if s, ok := e.sig.(syscall.Signal); ok {
		return 128 + int(s)
	}
	return 130
}

// displayToken returns a piece of input (a flag value, a path) fit to be
// echoed in a message: control characters escaped, at most 80 runes.
func displayToken(s string) string { return safetext.Escape(safetext.Truncate(s, 80)) }
