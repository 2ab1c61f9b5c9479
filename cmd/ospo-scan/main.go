package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"syscall"

	"github.com/ospo-scan/ospo-scan/internal/safetext"
)

func main() { os.Exit(mainCode()) }

// mainCode runs the program and returns its exit code.
func mainCode() int {
	ctx, cancel := context.WithCancelCause(context.Background())
	defer cancel(nil)
	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)
	go func() {
		if s, ok := <-sigs; ok {
			// A second signal ends the process at once.
			signal.Stop(sigs)
			cancel(&interruptedError{s})
		}
	}()
	err := run(ctx, os.Args[1:], os.Stdout, os.Stderr, os.Environ())
	signal.Stop(sigs)
	var findings *findingsError
	if err != nil && ctx.Err() != nil && !errors.As(err, &findings) {
		// What failed after the signal failed because of it; a run that
		// got to its verdict wrote its outputs, and its verdict stands.
		err = context.Cause(ctx)
	}
	if err != nil && !isQuietExit(err) {
		// Errors quote paths and tokens from input: no control character
		// reaches the terminal, and the message stays one line.
		fmt.Fprintln(os.Stderr, "ospo-scan: "+safetext.Escape(err.Error()))
	}
	return exitCode(err)
}
