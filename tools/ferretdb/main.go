// Command ferretdb runs FerretDB v1 on its SQLite backend for the MongoDB read-model tests.
//
// It embeds the github.com/FerretDB/FerretDB/ferretdb package instead of building FerretDB's own
// main package: `go install github.com/FerretDB/FerretDB/cmd/ferretdb` panics at start-up because
// the generated build/version/version.txt is missing from the module (FerretDB issue 2982), and the
// embeddable package does not need it.
//
// When the listener is bound it prints exactly one line to stdout, the MongoDB URI, so that a
// script can start it with port 0 and read the address it got. It runs until SIGINT or SIGTERM.
package main

import (
	"context"
	"flag"
	"fmt"
	"log/slog"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"

	"github.com/FerretDB/FerretDB/ferretdb"
)

func main() {
	listenAddr := flag.String("listen-addr", "127.0.0.1:27017", "TCP address to listen on; port 0 picks a free port")
	stateDir := flag.String("state-dir", ".ferretdb/state", "directory for the SQLite backend's database files (created if missing)")
	logLevel := flag.String("log-level", "error", "FerretDB log level: debug, info, warn or error")
	flag.Parse()

	if err := run(*listenAddr, *stateDir, *logLevel); err != nil {
		fmt.Fprintln(os.Stderr, "ferretdb:", err)
		os.Exit(1)
	}
}

func run(listenAddr, stateDir, logLevel string) error {
	var level slog.Level
	if err := level.UnmarshalText([]byte(logLevel)); err != nil {
		return fmt.Errorf("invalid -log-level %q: %w", logLevel, err)
	}
	// Logs go to stderr so that stdout carries only the URI line.
	logger := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: level}))

	dir, err := filepath.Abs(stateDir)
	if err != nil {
		return err
	}
	if err = os.MkdirAll(dir, 0o700); err != nil {
		return err
	}

	// Telemetry: the embeddable package never starts the telemetry reporter and marks telemetry as
	// disabled and locked in its (in-memory) state, so nothing is sent anywhere.
	f, err := ferretdb.New(&ferretdb.Config{
		Listener: ferretdb.ListenerConfig{TCP: listenAddr},
		Logger:   logger,
		Handler:  "sqlite",
		// The SQLite handler wants a "file:" URI naming an existing directory, ending with "/".
		SQLiteURL: "file:" + filepath.ToSlash(dir) + "/",
	})
	if err != nil {
		return err
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	done := make(chan error, 1)
	go func() { done <- f.Run(ctx) }()

	// New has already bound the listener, so the URI carries the real port even for port 0.
	fmt.Println(f.MongoDBURI())

	return <-done
}
