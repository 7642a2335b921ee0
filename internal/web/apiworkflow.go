package web

import (
	"errors"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/peel-oss/peel/internal/peel"
)

// The API's writes of assessments: create, save (a draft, or a correction
// of a published one), take a step of the workflow, and comment. Each goes
// through apiWrite, and the store checks the token's user may.

// withStatus gives a domain error a status of its own, as a fault of the
// request.
func withStatus(status int, err error) error {
	var pe *peel.Error
	if !errors.As(err, &pe) {
		return err
	}
	return &requestError{status, pe}
}

// versionETag is an assessment's entity tag for a token holder: its
// version, which a write sends back in If-Match.
func versionETag(version int) string { return `"` + strconv.Itoa(version) + `"` }

// apiAssessment returns the assessment at the request's address if the
// user may read it; one they may not is not found, in the words of one
// that does not exist.
func (s *Server) apiAssessment(r *http.Request, u *peel.User) (*peel.Assessment, error) {
	return s.Store.ReadAssessment(r.Context(), u, r.PathValue("framework"), r.PathValue("organisation"), r.PathValue("pillar"))
}

// writeAssessment answers with the assessment and its version's ETag.
func (s *Server) writeAssessment(w http.ResponseWriter, r *http.Request, status int, a *peel.Assessment) {
	w.Header().Set("ETag", versionETag(a.Version))
	s.writeJSON(w, r, status, "application/json", a)
}

// handleAPIAssessmentRead serves one assessment to a token holder: a draft
// too, if their role may read it, with its version as ETag.
func (s *Server) handleAPIAssessmentRead(w http.ResponseWriter, r *http.Request, u *peel.User) error {
	if _, err := query(r); err != nil {
		return withStatus(http.StatusBadRequest, err)
	}
	a, err := s.apiAssessment(r, u)
	if err != nil {
		return err
	}
	s.writeAssessment(w, r, http.StatusOK, a)
	return nil
}

// handleAPIAssessmentCreate starts a draft: {framework, organisation,
// pillar}.
func (s *Server) handleAPIAssessmentCreate(w http.ResponseWriter, r *http.Request, u *peel.User) error {
	m, err := readBody(r)
	if err != nil {
		return err
	}
	slugs, err := stringMembers(m, "a new assessment", "framework", "organisation", "pillar")
	if err != nil {
		return err
	}
	a, err := s.Store.CreateAssessment(r.Context(), u, slugs[0], slugs[1], slugs[2])
	if peel.ErrorCode(err) == peel.ENOTFOUND || peel.ErrorCode(err) == peel.EINVALID {
		// What the body names does not exist: the request, not its
		// address, is at fault.
		return withStatus(http.StatusUnprocessableEntity, err)
	} else if err != nil {
		return err
	}
	w.Header().Set("Location", s.BaseURL+apiAssessmentPath(a.Framework, a.Organisation, a.Pillar))
	s.writeAssessment(w, r, http.StatusCreated, a)
	return nil
}

// handleAPIAssessmentUpdate saves an assessment's content, sent in the
// representation GET answers, made on the version read (If-Match, or the
// body's version): a draft's, or a correction of a published one, with
// the body's changeNote for a major correction. The read-only members
// (path, status, source, publishAt, publishedAt) are not saved.
func (s *Server) handleAPIAssessmentUpdate(w http.ResponseWriter, r *http.Request, u *peel.User) error {
	stored, err := s.apiAssessment(r, u)
	if err != nil {
		return err
	}
	m, err := readBody(r)
	if err != nil {
		return err
	}
	var note string
	hasNote, err := takeMember(m, "changeNote", &note)
	if err != nil {
		return err
	}
	_, hasVersion := m["version"]
	_, hasStatus := m["status"]
	var a peel.Assessment
	if err := decodeMembers(m, "an assessment", &a); err != nil {
		return err
	}
	for _, f := range []struct{ name, sent, want string }{
		{"framework", a.Framework, stored.Framework},
		{"organisation", a.Organisation, stored.Organisation},
		{"pillar", a.Pillar, stored.Pillar},
	} {
		if f.sent != "" && f.sent != f.want {
			return badRequest("%s: the body says %q, the address %q; an assessment keeps its address", f.name, f.sent, f.want)
		}
	}
	a.Framework, a.Organisation, a.Pillar = stored.Framework, stored.Organisation, stored.Pillar
	read, err := readVersion(r, hasVersion, a.Version)
	if err != nil {
		return err
	}
	if hasStatus && a.Status != stored.Status {
		return peel.Errorf(peel.ECONFLICT, "status: %s is %s, not %s; its status changes only by a transition", stored.Path(), stored.Status, a.Status)
	}
	var saved *peel.Assessment
	if stored.Status == peel.StatusPublished {
		saved, err = s.Store.Correct(r.Context(), u, &a, read, note)
	} else if hasNote {
		return badRequest("changeNote: only a correction of a published assessment takes a change note; %s is %s", stored.Path(), stored.Status)
	} else {
		saved, err = s.Store.SaveDraft(r.Context(), u, &a, read)
	}
	if err != nil {
		return err
	}
	s.writeAssessment(w, r, http.StatusOK, saved)
	return nil
}

// readVersion returns the version a write was made on: If-Match's, as the
// ETag of GET gives it, or the body's version member; one of the two is
// required (428), and the two must agree.
func readVersion(r *http.Request, inBody bool, bodyVersion int) (int, error) {
	match := strings.TrimSpace(r.Header.Get("If-Match"))
	if match == "" {
		if !inBody {
			return 0, &requestError{http.StatusPreconditionRequired, peel.Errorf(peel.EINVALID,
				"If-Match: say which version the change was made on, as If-Match: \"VERSION\" (the ETag that GET gives with a token) or the body's version")}
		}
		return bodyVersion, nil
	}
	v, err := strconv.Atoi(strings.Trim(match, `"`))
	if err != nil || v < 1 || match != versionETag(v) {
		return 0, badRequest("If-Match: %s is not a version such as \"3\"; send the ETag that GET gives with a token", match)
	}
	if inBody && bodyVersion != v {
		return 0, badRequest("version: the body's is %d, If-Match's %d; send one, or the same in both", bodyVersion, v)
	}
	return v, nil
}

// transitionMember is the member of the body each transition takes, if
// any: all are required.
var transitionMember = map[peel.Action]string{
	peel.ActionSendCheck: "",
	peel.ActionRedraft:   "",
	peel.ActionModerate:  "",
	peel.ActionApprove:   "",
	peel.ActionReturn:    "comment",
	peel.ActionSchedule:  "publishAt",
	peel.ActionPublish:   "",
	peel.ActionWithdraw:  "reason",
}

// transitionActions lists the transitions in the workflow's order.
func transitionActions() []string {
	var names []string
	for _, step := range peel.Steps {
		if _, ok := transitionMember[step.Action]; ok {
			names = append(names, string(step.Action))
		}
	}
	return names
}

// handleAPITransition takes a step of the workflow: {"action": …} with the
// member the action takes, and answers with the assessment as it then
// stands.
func (s *Server) handleAPITransition(w http.ResponseWriter, r *http.Request, u *peel.User) error {
	if _, err := s.apiAssessment(r, u); err != nil {
		return err
	}
	m, err := readBody(r)
	if err != nil {
		return err
	}
	if err := requireMembers(m, "action"); err != nil {
		return err
	}
	var name string
	if _, err := takeMember(m, "action", &name); err != nil {
		return err
	}
	action := peel.Action(name)
	member, ok := transitionMember[action]
	if !ok {
		return badRequest("action: %q is not a transition; it is one of %s", name, strings.Join(transitionActions(), ", "))
	}
	var takes []string
	if member != "" {
		takes = []string{member}
	}
	texts, err := stringMembers(m, name, takes...)
	if err != nil {
		return err
	}
	text := strings.Join(texts, "")
	ctx, f, o, p := r.Context(), r.PathValue("framework"), r.PathValue("organisation"), r.PathValue("pillar")
	var a *peel.Assessment
	switch action {
	case peel.ActionSendCheck:
		a, err = s.Store.SendToCheck(ctx, u, f, o, p)
	case peel.ActionRedraft:
		a, err = s.Store.Redraft(ctx, u, f, o, p)
	case peel.ActionModerate:
		a, err = s.Store.SendToModeration(ctx, u, f, o, p)
	case peel.ActionApprove:
		a, err = s.Store.Approve(ctx, u, f, o, p)
	case peel.ActionReturn:
		a, err = s.Store.Return(ctx, u, f, o, p, text)
	case peel.ActionSchedule:
		at, perr := time.Parse(time.RFC3339Nano, text)
		if perr != nil {
			return badRequest("publishAt: %q is not a time in RFC 3339, such as 2030-06-01T09:30:00Z", text)
		}
		a, err = s.Store.Schedule(ctx, u, f, o, p, at)
	case peel.ActionPublish:
		a, err = s.Store.Publish(ctx, u, f, o, p)
	case peel.ActionWithdraw:
		a, err = s.Store.Withdraw(ctx, u, f, o, p, text)
	}
	if err != nil {
		return err
	}
	s.writeAssessment(w, r, http.StatusOK, a)
	return nil
}

// apiComment is a comment as the API gives it.
type apiComment struct {
	Version int       `json:"version"` // the assessment's version it was made on
	Author  string    `json:"author"`
	Body    string    `json:"body"`
	At      time.Time `json:"at"`
}

func newAPIComment(c *peel.Comment) apiComment {
	return apiComment{Version: c.Version, Author: c.Author, Body: c.Body, At: c.At}
}

// handleAPIComments lists the comments on an assessment, oldest first.
func (s *Server) handleAPIComments(w http.ResponseWriter, r *http.Request, u *peel.User) error {
	if _, err := query(r); err != nil {
		return withStatus(http.StatusBadRequest, err)
	}
	list, err := s.Store.FindComments(r.Context(), u, r.PathValue("framework"), r.PathValue("organisation"), r.PathValue("pillar"))
	if err != nil {
		return err
	}
	body := struct {
		Comments []apiComment `json:"comments"`
	}{Comments: []apiComment{}}
	for _, c := range list {
		body.Comments = append(body.Comments, newAPIComment(c))
	}
	s.writeJSON(w, r, http.StatusOK, "application/json", body)
	return nil
}

// handleAPICommentCreate comments on an assessment: {"body": …}.
func (s *Server) handleAPICommentCreate(w http.ResponseWriter, r *http.Request, u *peel.User) error {
	if _, err := s.apiAssessment(r, u); err != nil {
		return err
	}
	m, err := readBody(r)
	if err != nil {
		return err
	}
	text, err := stringMembers(m, "a comment", "body")
	if err != nil {
		return err
	}
	c, err := s.Store.AddComment(r.Context(), u, r.PathValue("framework"), r.PathValue("organisation"), r.PathValue("pillar"), text[0])
	if err != nil {
		return err
	}
	s.writeJSON(w, r, http.StatusCreated, "application/json", newAPIComment(c))
	return nil
}
