package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Stdout, os.Stderr, os.Environ())
	stop()
	if err != nil && !isQuietExit(err) {
		fmt.Fprintln(os.Stderr, "ospo-scan: "+err.Error())
	}
	os.Exit(exitCode(err))
}
