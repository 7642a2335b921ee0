package web

import (
	"math"
	"net/http"
	"strconv"
	"time"

	"github.com/peel-oss/peel/internal/store"
)

// Maintenance: while now is within a notice's maintenance window, the
// editor is read-only. Its pages say so, and every write answers 503 with
// Retry-After, the seconds until the window ends. Public reading goes on.

// readOnly reports whether the editor is read-only now, for maintenance,
// and until when. Every write of the editor and of the API asks it.
func (s *Server) readOnly(r *http.Request) (until time.Time, on bool, err error) {
	now := s.Now()
	list, err := s.Store.FindNotices(r.Context(), store.NoticeFilter{MaintenanceAt: &now})
	if err != nil {
		return time.Time{}, false, err
	}
	for _, n := range list {
		if n.MaintenanceUntil.After(until) {
			until = *n.MaintenanceUntil
		}
	}
	return until, !until.IsZero(), nil
}

// readOnlyPage is the answer to a write made during maintenance.
type readOnlyPage struct {
	page
	Until time.Time
}

// writable lets a write through unless the editor is read-only: then it
// answers 503, with Retry-After and a page that says until when.
func (s *Server) writable(next http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		until, on, err := s.readOnly(r)
		if err != nil {
			noStore(w)
			s.error(w, r, err)
			return
		}
		if !on {
			next(w, r)
			return
		}
		noStore(w)
		sess, err := s.session(r)
		if err != nil {
			s.Logger.Warn("read-only page without its session", "err", err)
		}
		w.Header().Set("Retry-After", strconv.Itoa(retrySeconds(until.Sub(s.Now()))))
		data := &readOnlyPage{page: s.editorFrame(r, "The editor is read-only for maintenance", sess), Until: until}
		data.ReadOnlyUntil = nil // the page says it already
		s.render(w, r, http.StatusServiceUnavailable, "read-only.html", data)
	}
}

// retrySeconds is a wait as Retry-After gives it: whole seconds, at least 1.
func retrySeconds(d time.Duration) int {
	return max(1, int(math.Ceil(d.Seconds())))
}
