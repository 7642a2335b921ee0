package web

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/peel-oss/peel/internal/peel"
	"github.com/peel-oss/peel/internal/store"
)

// The editor's notices: publishers and administrators list, add, end and
// delete the site's notices, each change audited as theirs.

// mayManageNotices refuses any role but a publisher's or an administrator's.
func mayManageNotices(u *peel.User) error {
	if u.Role != peel.RolePublisher && u.Role != peel.RoleAdministrator {
		return peel.Errorf(peel.EFORBIDDEN, "a user with the role %s may not manage notices; that is for publishers and administrators", u.Role)
	}
	return nil
}

// noticeRow is a notice as the list shows it.
type noticeRow struct {
	*peel.Notice
	State  string // "Showing", "Not yet shown" or "Ended"
	Colour string // its tag's
	Ended  bool   // nothing is left to end
}

type noticesPage struct {
	page
	Rows []noticeRow
	Done string
}

// noticeDone are the success banners of the notices' list, by ?done=.
var noticeDone = map[string]string{
	"added":   "The notice has been added",
	"ended":   "The notice has been ended",
	"deleted": "The notice has been deleted",
}

// noticeSession is editorSession for the notices' pages, refusing the roles
// that may not manage them.
func (s *Server) noticeSession(w http.ResponseWriter, r *http.Request, post bool) *peel.Session {
	var sess *peel.Session
	if post {
		sess = s.editorForm(w, r)
	} else {
		sess = s.editorSession(w, r)
	}
	if sess == nil {
		return nil
	}
	if err := mayManageNotices(sess.User); err != nil {
		s.editorError(w, r, sess, err)
		return nil
	}
	return sess
}

func (s *Server) handleNotices(w http.ResponseWriter, r *http.Request) {
	sess := s.noticeSession(w, r, false)
	if sess == nil {
		return
	}
	list, err := s.Store.FindNotices(r.Context(), store.NoticeFilter{})
	if err != nil {
		s.editorError(w, r, sess, err)
		return
	}
	data := &noticesPage{page: s.editorFrame(r, "Notices", sess), Done: noticeDone[r.URL.Query().Get("done")]}
	data.Breadcrumbs = []crumb{{"Assessments", "/editor"}}
	now := s.Now()
	for i := len(list) - 1; i >= 0; i-- { // newest first
		n := list[i]
		row := noticeRow{Notice: n, State: "Showing", Colour: "green"}
		switch {
		case n.Until != nil && !now.Before(*n.Until):
			row.State, row.Colour, row.Ended = "Ended", "grey", true
		case !n.ActiveAt(now):
			row.State, row.Colour = "Not yet shown", "blue"
		}
		if row.Ended && n.MaintenanceUntil != nil && now.Before(*n.MaintenanceUntil) {
			row.Ended = false // its maintenance is still to end
		}
		data.Rows = append(data.Rows, row)
	}
	s.render(w, r, http.StatusOK, "editor-notices.html", data)
}

// noticeForm is the form that adds a notice.
type noticeForm struct {
	page
	Form                       form
	NoticeTitle, Body          string
	From, Until, MFrom, MUntil *dateTime
}

// newNoticeForm is the empty form.
func (s *Server) newNoticeForm(r *http.Request, sess *peel.Session) *noticeForm {
	p := s.editorFrame(r, "Add a notice", sess)
	p.Breadcrumbs = []crumb{{"Notices", "/editor/notices"}}
	return &noticeForm{
		page:   p,
		From:   newDateTime("from", "Time the notice is first shown", "In UK time. Leave it empty to show the notice at once", nil),
		Until:  newDateTime("until", "Time the notice stops showing", "In UK time. Leave it empty to show the notice until it is ended", nil),
		MFrom:  newDateTime("maintenance-from", "Start of maintenance", "In UK time. The editor cannot be changed from the start of maintenance to its end. Leave both empty for no maintenance", nil),
		MUntil: newDateTime("maintenance-until", "End of maintenance", "In UK time", nil),
	}
}

func (s *Server) handleNoticeForm(w http.ResponseWriter, r *http.Request) {
	sess := s.noticeSession(w, r, false)
	if sess == nil {
		return
	}
	s.render(w, r, http.StatusOK, "editor-notice-form.html", s.newNoticeForm(r, sess))
}

func (s *Server) handleNoticeCreate(w http.ResponseWriter, r *http.Request) {
	sess := s.noticeSession(w, r, true)
	if sess == nil {
		return
	}
	data := s.newNoticeForm(r, sess)
	f := &data.Form
	data.NoticeTitle, data.Body = strings.TrimSpace(r.PostFormValue("title")), strings.TrimSpace(r.PostFormValue("body"))
	if data.NoticeTitle == "" {
		f.fail("title", "Enter a title")
	}
	if data.Body == "" {
		f.fail("body", "Enter the notice's text")
	}
	n := &peel.Notice{Title: data.NoticeTitle, Body: data.Body,
		From: data.From.read(r.PostForm, f, false), Until: data.Until.read(r.PostForm, f, false)}
	n.MaintenanceFrom = data.MFrom.read(r.PostForm, f, false)
	n.MaintenanceUntil = data.MUntil.read(r.PostForm, f, n.MaintenanceFrom != nil)
	after := func(a, b *time.Time, field *dateTime, text string) {
		if a != nil && b != nil && !b.After(*a) {
			field.DayErr = text
			f.fail(field.Name+"-day", text)
		}
	}
	after(n.From, n.Until, data.Until, "The time the notice stops showing must be after the time it is first shown")
	after(n.MaintenanceFrom, n.MaintenanceUntil, data.MUntil, "The end of the maintenance must be after its start")
	if n.MaintenanceFrom == nil && n.MaintenanceUntil != nil && data.MFrom.DayErr == "" && data.MFrom.TimeErr == "" {
		data.MFrom.DayErr = "Enter the start of maintenance"
		f.fail("maintenance-from-day", data.MFrom.DayErr)
	}
	if f.Errors == nil {
		err := s.Store.CreateNotice(store.WithActor(r.Context(), sess.User.Email), n)
		if peel.ErrorCode(err) == peel.EINVALID {
			f.fail("title", errorText(err))
		} else if err != nil {
			s.editorError(w, r, sess, err)
			return
		}
	}
	if f.Errors != nil {
		data.Title = "Error: " + data.Title
		s.render(w, r, http.StatusBadRequest, "editor-notice-form.html", data)
		return
	}
	http.Redirect(w, r, "/editor/notices?done=added", http.StatusSeeOther)
}

// handleNoticeChange ends or deletes a notice.
func (s *Server) handleNoticeChange(w http.ResponseWriter, r *http.Request) {
	sess := s.noticeSession(w, r, true)
	if sess == nil {
		return
	}
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		s.editorError(w, r, sess, peel.Errorf(peel.ENOTFOUND, "no notice %q", r.PathValue("id")))
		return
	}
	ctx := store.WithActor(r.Context(), sess.User.Email)
	done := r.PathValue("change")
	switch done {
	case "end":
		_, err = s.Store.EndNotice(ctx, id)
		done = "ended"
	case "delete":
		err = s.Store.DeleteNotice(ctx, id)
		done = "deleted"
	default:
		err = peel.Errorf(peel.ENOTFOUND, "no page at %s", r.URL.Path)
	}
	if err != nil {
		s.editorError(w, r, sess, err)
		return
	}
	http.Redirect(w, r, "/editor/notices?done="+done, http.StatusSeeOther)
}
