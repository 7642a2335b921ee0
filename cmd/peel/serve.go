package main

import (
	"context"
	"flag"
	"log/slog"
	"net"
	"net/http"
	"strconv"
	"time"

	"github.com/peel-oss/peel/internal/peel"
	"github.com/peel-oss/peel/internal/store"
	"github.com/peel-oss/peel/internal/web"
)

// publishInterval is how often a server records the publications that
// have come due. Pages become public at their time whatever it is: reads
// go by the database's clock.
const publishInterval = 250 * time.Millisecond

// publishDue records, until ctx is done, each scheduled publication whose
// time has come, starting at once, so that a server that was down at the
// time publishes what it missed when it starts.
func publishDue(ctx context.Context, st *store.Store, logger *slog.Logger, every time.Duration) {
	tick := time.NewTicker(every)
	defer tick.Stop()
	failing := ""
	for {
		// A database that stops answering holds up this round only.
		round, cancel := context.WithTimeout(ctx, 10*time.Second)
		list, err := st.PublishDue(round)
		cancel()
		switch {
		case err != nil && ctx.Err() == nil && err.Error() != failing:
			// Said once, not at every tick while the database is away.
			logger.Error("publish due assessments", "err", err)
			failing = err.Error()
		case err == nil:
			failing = ""
		}
		for _, a := range list {
			logger.Info("published", "path", a.Path(), "version", a.Version, "at", a.PublishedAt)
		}
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
	}
}

// logInterval is how often serve writes out its log.
const logInterval = 100 * time.Millisecond

// listenURL is the site's address when no base URL is given: the host
// --addr names (localhost when it names every interface) and the port
// listened on, which port 0 leaves to the system.
func listenURL(addr string, ln net.Listener) string {
	host, _, _ := net.SplitHostPort(addr)
	if ip := net.ParseIP(host); host == "" || (ip != nil && ip.IsUnspecified()) {
		host = "localhost"
	}
	port := strconv.Itoa(ln.Addr().(*net.TCPAddr).Port)
	return "http://" + net.JoinHostPort(host, port)
}

func serveCommand() *command {
	var addr, baseURL, cacheMB string
	return &command{
		name:    "serve",
		summary: "serve the public site until interrupted (SIGINT or SIGTERM)",
		flags: func(a *app, fs *flag.FlagSet) {
			fs.StringVar(&addr, "addr", a.env("PEEL_ADDR", "localhost:8080"), "`HOST:PORT` to listen on (port 0 picks a free one); env PEEL_ADDR")
			usage := "the site's public `URL` (http or https, no path), which begins the feed's and the sitemap's addresses; env PEEL_BASE_URL"
			if a.env("PEEL_BASE_URL", "") == "" {
				// The default depends on --addr, so the flag's is empty.
				usage += " (default: http:// and --addr's host and port, localhost when it names every interface)"
			}
			fs.StringVar(&baseURL, "base-url", a.env("PEEL_BASE_URL", ""), usage)
			fs.StringVar(&cacheMB, "cache-mb", a.env("PEEL_CACHE_MB", strconv.Itoa(web.DefaultCacheBytes>>20)), "`MB` of rendered pages to keep until the site changes (0 keeps none); env PEEL_CACHE_MB")
		},
		run: func(a *app, ctx context.Context, fs *flag.FlagSet) error {
			if fs.NArg() > 0 {
				return usagef("takes no arguments")
			}
			cacheSize, err := strconv.Atoi(cacheMB)
			if err != nil || cacheSize < 0 {
				return usagef("--cache-mb: %q is not a whole number of megabytes", cacheMB)
			}
			if baseURL != "" {
				if _, err := web.ParseBaseURL(baseURL); err != nil {
					return usagef("--base-url: %s", peel.ErrorMessage(err))
				}
			}
			out := newLogWriter(a.stderr, logInterval)
			defer out.Close()
			logger := slog.New(slog.NewTextHandler(out, nil))
			st, err := a.store(ctx)
			if err != nil {
				return err
			}
			ln, err := net.Listen("tcp", addr)
			if err != nil {
				return err
			}
			if baseURL == "" {
				baseURL = listenURL(addr, ln)
			}
			s, err := web.NewServer(st, logger, baseURL)
			if err != nil {
				ln.Close()
				return err
			}
			s.CacheBytes = int64(cacheSize) << 20
			srv := &http.Server{
				Handler:           s.Handler(),
				ReadHeaderTimeout: 10 * time.Second,
				ErrorLog:          slog.NewLogLogger(logger.Handler(), slog.LevelWarn),
			}
			logger.Info("serving", "url", "http://"+ln.Addr().String(), "database", st.Dialect(), "base_url", s.BaseURL)
			go publishDue(store.WithActor(ctx, "scheduler"), st, logger, publishInterval)
			return s.Serve(ctx, srv, ln)
		},
	}
}
