package web

import (
	"net/http"
	"strings"

	"github.com/peel-oss/peel/internal/peel"
	"github.com/peel-oss/peel/internal/store"
)

// auditPerPage is how many entries a page of the audit log shows.
const auditPerPage = 50

// auditPage is the audit log as an administrator reads it: newest first,
// filtered by subject and actor, a page at a time.
type auditPage struct {
	page
	Subject, Actor string
	Entries        []*store.AuditEntry
	Pager          pager
}

// handleAudit is the audit log, for administrators only.
func (s *Server) handleAudit(w http.ResponseWriter, r *http.Request) {
	sess := s.editorSession(w, r)
	if sess == nil {
		return
	}
	if sess.User.Role != peel.RoleAdministrator {
		s.editorError(w, r, sess, peel.Errorf(peel.EFORBIDDEN, "only an administrator may read the audit log"))
		return
	}
	pg, err := parsePager(r, auditPerPage, 200)
	if err != nil {
		s.editorError(w, r, sess, err)
		return
	}
	q := r.URL.Query()
	filter := store.AuditFilter{Subject: strings.TrimSpace(q.Get("subject")), Actor: strings.TrimSpace(q.Get("actor"))}
	ctx := r.Context()
	if pg.Total, err = s.Store.CountAudit(ctx, filter); err != nil {
		s.editorError(w, r, sess, err)
		return
	}
	if pg.Beyond() {
		s.editorError(w, r, sess, peel.Errorf(peel.ENOTFOUND, "no page %d of the audit log", pg.Page))
		return
	}
	filter.Offset, filter.Limit = pg.Offset(), pg.PerPage
	data := &auditPage{page: s.editorFrame(r, "Audit log", sess), Subject: filter.Subject, Actor: filter.Actor, Pager: pg}
	data.Breadcrumbs = []crumb{{"Assessments", "/editor"}}
	if data.Entries, err = s.Store.FindAudit(ctx, filter); err != nil {
		s.editorError(w, r, sess, err)
		return
	}
	s.render(w, r, http.StatusOK, "editor-audit.html", data)
}
