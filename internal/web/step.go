package web

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/peel-oss/peel/internal/peel"
	"github.com/peel-oss/peel/internal/store"
)

// The steps of an assessment's life, taken from its read view in the
// editor: each a POST form to /editor/assessments/{f}/{o}/{p}/{action},
// answered by one handler from the table below. The store checks again,
// in the transaction, that the user may take the step.

// stepInput is what a step's form sends, read and checked.
type stepInput struct {
	Text     string     // a return's or a comment's text, a withdrawal's reason
	At       *time.Time // a schedule's publication time
	Assignee string     // an email address, "" for no one
}

// stepAction is one row of the table: who may take it, which field it
// needs, what it does and what the page then says.
type stepAction struct {
	action peel.Action // "" for assign, which is not a step of the workflow
	field  string      // the id of its field: textarea, date or select; "" for none
	done   string      // the success banner's words
	take   func(ctx context.Context, st *store.Store, u *peel.User, a *peel.Assessment, in stepInput) error
}

// stepTake makes a table row's take of a store method with no input.
func stepTake(fn func(*store.Store, context.Context, *peel.User, string, string, string) (*peel.Assessment, error)) func(context.Context, *store.Store, *peel.User, *peel.Assessment, stepInput) error {
	return func(ctx context.Context, st *store.Store, u *peel.User, a *peel.Assessment, _ stepInput) error {
		_, err := fn(st, ctx, u, a.Framework, a.Organisation, a.Pillar)
		return err
	}
}

// textTake makes a table row's take of a store method that takes the
// step's text.
func textTake(fn func(*store.Store, context.Context, *peel.User, string, string, string, string) (*peel.Assessment, error)) func(context.Context, *store.Store, *peel.User, *peel.Assessment, stepInput) error {
	return func(ctx context.Context, st *store.Store, u *peel.User, a *peel.Assessment, in stepInput) error {
		_, err := fn(st, ctx, u, a.Framework, a.Organisation, a.Pillar, in.Text)
		return err
	}
}

// assignAction is the name of the form that assigns an assessment.
const assignAction = "assign"

// The fields' ids, as the forms and the error summary name them.
const (
	fieldReturn   = "return-comment"
	fieldComment  = "comment-body"
	fieldReason   = "withdraw-reason"
	fieldPublish  = "publish-at"
	fieldAssignee = "assignee"
)

var stepActions = map[string]stepAction{
	string(peel.ActionSendCheck): {peel.ActionSendCheck, "", "It has been sent for the force's factual-accuracy check", stepTake((*store.Store).SendToCheck)},
	string(peel.ActionRedraft):   {peel.ActionRedraft, "", "It has been taken back to draft", stepTake((*store.Store).Redraft)},
	string(peel.ActionModerate):  {peel.ActionModerate, "", "It has been sent to moderation", stepTake((*store.Store).SendToModeration)},
	string(peel.ActionApprove):   {peel.ActionApprove, "", "It has been approved", stepTake((*store.Store).Approve)},
	string(peel.ActionPublish):   {peel.ActionPublish, "", "It has been published", stepTake((*store.Store).Publish)},
	string(peel.ActionReturn):    {peel.ActionReturn, fieldReturn, "It has been returned to draft with your comment", textTake((*store.Store).Return)},
	string(peel.ActionWithdraw):  {peel.ActionWithdraw, fieldReason, "It has been withdrawn", textTake((*store.Store).Withdraw)},
	string(peel.ActionSchedule): {peel.ActionSchedule, fieldPublish, "Its publication has been scheduled",
		func(ctx context.Context, st *store.Store, u *peel.User, a *peel.Assessment, in stepInput) error {
			_, err := st.Schedule(ctx, u, a.Framework, a.Organisation, a.Pillar, *in.At)
			return err
		}},
	string(peel.ActionComment): {peel.ActionComment, fieldComment, "Your comment has been added",
		func(ctx context.Context, st *store.Store, u *peel.User, a *peel.Assessment, in stepInput) error {
			_, err := st.AddComment(ctx, u, a.Framework, a.Organisation, a.Pillar, in.Text)
			return err
		}},
	assignAction: {"", fieldAssignee, "Its assignee has been changed",
		func(ctx context.Context, st *store.Store, u *peel.User, a *peel.Assessment, in stepInput) error {
			return st.Assign(ctx, u, a.Framework, a.Organisation, a.Pillar, in.Assignee)
		}},
}

// allow checks that the user may take the row's step on the assessment.
func (sa stepAction) allow(u *peel.User, a *peel.Assessment) error {
	if sa.action == "" {
		return peel.AllowAssign(u, a)
	}
	return peel.Allow(u, sa.action, a)
}

// read reads the row's field from the form sent, recording in f what is
// wrong with it.
func (sa stepAction) read(v url.Values, f *form, page *editorAssessmentPage) stepInput {
	var in stepInput
	switch sa.field {
	case fieldReturn, fieldComment, fieldReason:
		in.Text = strings.TrimSpace(v.Get(sa.field))
		page.Typed[sa.field] = v.Get(sa.field)
		if in.Text == "" {
			f.fail(sa.field, map[string]string{
				fieldReturn:  "Enter a comment that says why it is returned",
				fieldComment: "Enter your comment",
				fieldReason:  "Enter the reason it is withdrawn, which its page will show",
			}[sa.field])
		}
	case fieldPublish:
		in.At = page.PublishAt.read(v, f, true)
	case fieldAssignee:
		in.Assignee = v.Get(sa.field)
		page.Assignee = in.Assignee
	}
	return in
}

// editorForm returns the session of an editor's form sent with its
// session's token; otherwise it answers (a sign-in redirect, or 403) and
// returns nil.
func (s *Server) editorForm(w http.ResponseWriter, r *http.Request) *peel.Session {
	sess := s.editorSession(w, r)
	if sess == nil {
		return nil
	}
	if !sameToken(r.PostFormValue(csrfField), sess.CSRF) {
		s.editorError(w, r, sess, errCSRF)
		return nil
	}
	return sess
}

// handleStep takes a step of an assessment's life, or assigns it, from its
// read view: on success it sends the browser back to the read view, which
// says what was done; a field left wrong shows the read view again with
// the error. An assessment the user may not read answers 404, as a missing
// one does; a step their role may not take 403; one that cannot be taken
// from the assessment's status 409.
func (s *Server) handleStep(w http.ResponseWriter, r *http.Request) {
	sess := s.editorForm(w, r)
	if sess == nil {
		return
	}
	data, err := s.editorAssessmentData(r, sess)
	if err != nil {
		s.editorError(w, r, sess, err)
		return
	}
	a := data.Assessment
	sa, ok := stepActions[r.PathValue("action")]
	if !ok {
		s.editorError(w, r, sess, peel.Errorf(peel.ENOTFOUND, "no page at %s", r.URL.Path))
		return
	}
	if err := sa.allow(sess.User, a); err != nil {
		s.editorError(w, r, sess, err)
		return
	}
	in := sa.read(r.PostForm, &data.Form, data)
	if data.Form.Errors == nil {
		err = sa.take(store.WithActor(r.Context(), sess.User.Email), s.Store, sess.User, a, in)
		if peel.ErrorCode(err) == peel.EINVALID && sa.field != "" {
			data.Form.fail(sa.fieldID(), errorText(err))
		} else if err != nil {
			s.editorError(w, r, sess, err)
			return
		}
	}
	if data.Form.Errors != nil {
		data.Title = "Error: " + data.Title
		s.render(w, r, http.StatusBadRequest, "editor-assessment.html", data)
		return
	}
	http.Redirect(w, r, editorPath(a)+"?done="+url.QueryEscape(r.PathValue("action")), http.StatusSeeOther)
}

// fieldID is the id the error summary links to for the row's field: a
// date's first part.
func (sa stepAction) fieldID() string {
	if sa.field == fieldPublish {
		return fieldPublish + "-day"
	}
	return sa.field
}

// editorError answers err with an error page in the editor's frame.
func (s *Server) editorError(w http.ResponseWriter, r *http.Request, sess *peel.Session, err error) {
	noStore(w)
	s.errorIn(w, r, s.editorFrame(r, "", sess), err)
}
