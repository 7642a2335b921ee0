package main

import (
	"context"
	"flag"
	"log/slog"
	"net"
	"net/http"
	"time"

	"github.com/peel-oss/peel/internal/web"
)

func serveCommand() *command {
	var addr string
	return &command{
		name:    "serve",
		summary: "serve the public site until interrupted (SIGINT or SIGTERM)",
		flags: func(a *app, fs *flag.FlagSet) {
			fs.StringVar(&addr, "addr", a.env("PEEL_ADDR", "localhost:8080"), "`HOST:PORT` to listen on (port 0 picks a free one); env PEEL_ADDR")
		},
		run: func(a *app, ctx context.Context, fs *flag.FlagSet) error {
			if fs.NArg() > 0 {
				return usagef("takes no arguments")
			}
			logger := slog.New(slog.NewTextHandler(a.stderr, nil))
			st, err := a.store(ctx)
			if err != nil {
				return err
			}
			s, err := web.NewServer(st, logger)
			if err != nil {
				return err
			}
			ln, err := net.Listen("tcp", addr)
			if err != nil {
				return err
			}
			srv := &http.Server{
				Handler:           s.Handler(),
				ReadHeaderTimeout: 10 * time.Second,
				ErrorLog:          slog.NewLogLogger(logger.Handler(), slog.LevelWarn),
			}
			logger.Info("serving", "url", "http://"+ln.Addr().String(), "database", a.Database)
			return s.Serve(ctx, srv, func() error { return srv.Serve(ln) })
		},
	}
}
