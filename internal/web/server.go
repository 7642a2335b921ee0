// Package web serves peel's public site, and the sign-in to its editor:
// server-rendered pages in GOV.UK Frontend markup, with built styles
// embedded in the binary.
package web

import (
	"bytes"
	"context"
	"embed"
	"fmt"
	"html/template"
	"io/fs"
	"log/slog"
	"net"
	"net/http"
	"runtime/debug"
	"time"

	"github.com/peel-oss/peel/internal/peel"
	"github.com/peel-oss/peel/internal/store"
)

//go:embed templates
var templateFiles embed.FS

// static holds the built GOV.UK Frontend assets (make build), beside a
// committed placeholder so that an unstyled build still compiles.
//
//go:embed static
var staticFiles embed.FS

// Server is the public site. Its fields are its dependencies.
type Server struct {
	Store   *store.Store
	Logger  *slog.Logger
	Now     func() time.Time
	BaseURL string // the site's public address, "https://host": the feed's and sitemap's addresses start with it
	// CacheBytes bounds the rendered pages kept (see pageCache); 0 keeps
	// none. NewServer sets DefaultCacheBytes.
	CacheBytes int64
	// SignInPolicy slows and locks repeated failed sign-ins; SessionTTL is
	// how long a sign-in lasts. NewServer sets the defaults.
	SignInPolicy store.SignInPolicy
	SessionTTL   time.Duration

	templates map[string]*template.Template
	static    http.Handler
	cache     *pageCache
}

// NewServer parses every template once, so a broken one stops the start
// rather than a request. baseURL is the site's public address (see
// ParseBaseURL).
func NewServer(st *store.Store, logger *slog.Logger, baseURL string) (*Server, error) {
	s := &Server{Store: st, Logger: logger, Now: time.Now, CacheBytes: DefaultCacheBytes,
		SignInPolicy: store.DefaultSignInPolicy, SessionTTL: DefaultSessionTTL}
	var err error
	if s.BaseURL, err = ParseBaseURL(baseURL); err != nil {
		return nil, fmt.Errorf("base URL: %w", err)
	}
	if s.templates, err = parseTemplates(); err != nil {
		return nil, err
	}
	sub, err := fs.Sub(staticFiles, "static")
	if err != nil {
		return nil, err
	}
	if !Styled() {
		logger.Warn("built without styles: run make build for the styled site")
	}
	s.static = http.StripPrefix("/static/", http.FileServerFS(sub))
	return s, nil
}

// Styled reports whether this binary holds the built styles (make build).
func Styled() bool {
	_, err := fs.Stat(staticFiles, "static/peel.css")
	return err == nil
}

// Handler is the site with its middleware, and a new page cache.
func (s *Server) Handler() http.Handler {
	s.cache = newPageCache(s.Store, s.Logger, func() time.Time { return s.Now() }, s.CacheBytes)
	// Browsers say where a form was sent from: one sent from another site
	// is refused before any handler sees it, beside the forms' own tokens.
	cop := http.NewCrossOriginProtection()
	return s.logRequests(s.recoverPanics(s.cache.serve(limitTime(cop.Handler(s.routes())))))
}

// requestTimeout bounds the database work of one request, so that a
// database that has stopped answering (a network cut that drops packets, a
// stalled failover) gets a 503 instead of requests that hang and pile up.
const requestTimeout = 10 * time.Second

func limitTime(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx, cancel := context.WithTimeout(r.Context(), requestTimeout)
		defer cancel()
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}

// Serve serves srv on ln until ctx is done, then shuts down gracefully:
// requests in flight finish, new ones are refused.
func (s *Server) Serve(ctx context.Context, srv *http.Server, ln net.Listener) error {
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	s.Logger.Info("shutting down; waiting for requests in flight")
	shutdown, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdown); err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	if err := <-errc; err != nil && err != http.ErrServerClosed {
		return err
	}
	return nil
}

// render writes a page through a buffer, so that a template error never
// sends half a page.
func (s *Server) render(w http.ResponseWriter, r *http.Request, status int, name string, data any) {
	var buf bytes.Buffer
	if err := s.templates[name].ExecuteTemplate(&buf, "layout", data); err != nil {
		s.Logger.Error("render", "template", name, "path", r.URL.Path, "err", err)
		http.Error(w, "Sorry, there is a problem with the service.", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	w.Write(buf.Bytes())
}

// errorStatus maps the domain's error codes to HTTP statuses, in one place.
var errorStatus = map[string]int{
	peel.ECONFLICT:     http.StatusConflict,
	peel.EINVALID:      http.StatusBadRequest,
	peel.ENOTFOUND:     http.StatusNotFound,
	peel.EUNAUTHORIZED: http.StatusUnauthorized,
	peel.EFORBIDDEN:    http.StatusForbidden,
	peel.EINTERNAL:     http.StatusInternalServerError,
	peel.EUNAVAILABLE:  http.StatusServiceUnavailable,
}

// retryAfter is what a 503 tells clients to wait, in seconds.
const retryAfter = "5"

// error answers with the page for err. Only internal errors are logged:
// the others are the user's, and the page says what they are.
func (s *Server) error(w http.ResponseWriter, r *http.Request, err error) {
	s.errorIn(w, r, s.page(r, ""), err)
}

// errorIn is error in a page's frame. A refusal says why.
func (s *Server) errorIn(w http.ResponseWriter, r *http.Request, frame page, err error) {
	status := s.logError(w, r, err)
	data := &errorPage{page: frame, Status: status}
	switch status {
	case http.StatusNotFound:
		data.Title = "Page not found"
	case http.StatusInternalServerError:
		data.Title = "Sorry, there is a problem with the service"
	case http.StatusServiceUnavailable:
		data.Title = "Sorry, the service is unavailable"
	case http.StatusForbidden:
		data.Title, data.Message = "You cannot do this", capitalise(peel.ErrorMessage(err))
	case http.StatusConflict:
		data.Title, data.Message = "This cannot be done at this stage", capitalise(peel.ErrorMessage(err))
	default:
		data.Title, data.Message = http.StatusText(status), peel.ErrorMessage(err)
	}
	s.render(w, r, status, "error.html", data)
}

// logError logs err if it is internal or the database's, sets Retry-After
// for the latter, and returns the status that answers it.
func (s *Server) logError(w http.ResponseWriter, r *http.Request, err error) int {
	switch peel.ErrorCode(err) {
	case peel.EINTERNAL:
		s.Logger.Error("internal error", "method", r.Method, "path", r.URL.Path, "err", err)
	case peel.EUNAVAILABLE:
		s.Logger.Warn("unavailable", "method", r.Method, "path", r.URL.Path, "err", err)
		if w.Header().Get("Retry-After") == "" { // a maintenance window sets its own
			w.Header().Set("Retry-After", retryAfter)
		}
	}
	return errorStatus[peel.ErrorCode(err)]
}

func (s *Server) notFound(w http.ResponseWriter, r *http.Request) {
	s.error(w, r, peel.Errorf(peel.ENOTFOUND, "no page at %s", r.URL.Path))
}

// statusRecorder remembers what a handler answered, for the log.
type statusRecorder struct {
	http.ResponseWriter
	status int
	bytes  int
}

func (r *statusRecorder) WriteHeader(status int) {
	r.status = status
	r.ResponseWriter.WriteHeader(status)
}

func (r *statusRecorder) Write(b []byte) (int, error) {
	if r.status == 0 {
		r.status = http.StatusOK
	}
	n, err := r.ResponseWriter.Write(b)
	r.bytes += n
	return n, err
}

// logRequests logs one structured line per request.
func (s *Server) logRequests(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		rec := &statusRecorder{ResponseWriter: w}
		next.ServeHTTP(rec, r)
		s.Logger.Info("request", "method", r.Method, "path", r.URL.Path, "status", rec.status,
			"bytes", rec.bytes, "duration", time.Since(start), "remote", r.RemoteAddr)
	})
}

// recoverPanics turns a panic in a handler into a logged 500.
func (s *Server) recoverPanics(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				s.error(w, r, fmt.Errorf("panic: %v\n%s", v, debug.Stack()))
			}
		}()
		next.ServeHTTP(w, r)
	})
}
