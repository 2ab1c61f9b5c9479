package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"syscall"
)

func main() { os.Exit(mainCode()) }

// mainCode runs the program and returns its exit code.
func mainCode() int {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	err := run(ctx, os.Args[1:], os.Stdout, os.Stderr, os.Environ())
	if err != nil && !isQuietExit(err) {
		fmt.Fprintln(os.Stderr, "ospo-scan: "+err.Error())
	}
	return exitCode(err)
}
