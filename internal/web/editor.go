package web

import (
	"net/http"
	"net/url"
	"slices"
	"time"

	"github.com/peel-oss/peel/internal/peel"
	"github.com/peel-oss/peel/internal/store"
)

// The editor's pages: every answer depends on who asks, so each is sent
// no-store (the page cache passes it through) and needs a session.

// editorPerPage is how many assessments a page of the editor's list shows.
const editorPerPage = 25

// editorPage is the editor's start page: the assessments the user may work
// on, by status, filtered and paged.
type editorPage struct {
	page
	Filters  []filter
	Filtered bool
	Rows     []workRow
	Pager    pager
	// CanCreate offers the create form to the roles that may use it.
	CanCreate bool
}

// workRow is one assessment in the editor's list.
type workRow struct {
	Path     string // its read view in the editor
	Force    string
	Cycle    string
	Pillar   string
	Status   statusView
	Version  int
	Changed  time.Time
	Assignee string // an email address; "" for no one
}

// statusView is a status as a tag shows it.
type statusView struct {
	Label, Colour string
}

var statusViews = map[peel.Status]statusView{
	peel.StatusDraft:      {"Draft", "grey"},
	peel.StatusCheck:      {"Factual-accuracy check", "yellow"},
	peel.StatusModeration: {"Moderation", "purple"},
	peel.StatusApproved:   {"Approved", "turquoise"},
	peel.StatusScheduled:  {"Scheduled", "blue"},
	peel.StatusPublished:  {"Published", "green"},
	peel.StatusWithdrawn:  {"Withdrawn", "red"},
}

// stepLabels say what each step does, as the read view lists the steps a
// user may take now. Reading is not listed: the page is that.
var stepLabels = map[peel.Action]string{
	peel.ActionEdit:      "Edit the content",
	peel.ActionSendCheck: "Send for the force's factual-accuracy check",
	peel.ActionRedraft:   "Take back from the check to draft",
	peel.ActionModerate:  "Send to moderation",
	peel.ActionApprove:   "Approve",
	peel.ActionReturn:    "Return to draft, with a comment",
	peel.ActionSchedule:  "Schedule its publication",
	peel.ActionPublish:   "Publish now",
	peel.ActionCorrect:   "Correct the published page",
	peel.ActionWithdraw:  "Withdraw, with a reason",
	peel.ActionComment:   "Comment",
}

// editorSession returns the request's session after marking the answer
// no-store; without a session it sends the browser to sign in and returns
// nil.
func (s *Server) editorSession(w http.ResponseWriter, r *http.Request) *peel.Session {
	noStore(w)
	sess, err := s.session(r)
	if err != nil {
		s.error(w, r, err)
		return nil
	}
	if sess == nil {
		http.Redirect(w, r, "/sign-in", http.StatusSeeOther)
	}
	return sess
}

// handleEditor is the editor's start page: the assessments the user may
// work on, with filters by cycle, force, pillar, status and assignee sent
// as a GET form, so that they work without JavaScript.
func (s *Server) handleEditor(w http.ResponseWriter, r *http.Request) {
	sess := s.editorSession(w, r)
	if sess == nil {
		return
	}
	pg, err := parsePager(r, editorPerPage, 100)
	if err != nil {
		s.error(w, r, err)
		return
	}
	q := r.URL.Query()
	want := store.WorkFilter{
		Framework: q.Get("cycle"), Organisation: q.Get("force"), Pillar: q.Get("pillar"), Status: peel.Status(q.Get("status")),
		Assignee: q.Get("assignee"), Offset: pg.Offset(), Limit: pg.PerPage,
	}
	if want.Assignee == assignedToMe {
		want.Assignee = sess.User.Email
	}
	if want.Status != "" && !slices.Contains(peel.Statuses, want.Status) {
		s.error(w, r, peel.Errorf(peel.EINVALID, "status: %q is not a status of an assessment", want.Status))
		return
	}
	ctx := r.Context()
	frameworks, err := s.Store.FindFrameworks(ctx)
	if err != nil {
		s.error(w, r, err)
		return
	}
	orgs, err := s.Store.FindOrganisations(ctx, store.OrganisationFilter{})
	if err != nil {
		s.error(w, r, err)
		return
	}
	list, total, err := s.Store.FindWork(ctx, sess.User, want)
	if err != nil {
		s.error(w, r, err)
		return
	}
	pg.Total = total
	if pg.Beyond() {
		s.notFound(w, r)
		return
	}

	data := &editorPage{page: s.editorFrame(r, "Assessments", sess), Pager: pg, CanCreate: peel.Allow(sess.User, peel.ActionCreate, &peel.Assessment{}) == nil,
		Filtered: want.Framework != "" || want.Organisation != "" || want.Pillar != "" || want.Status != "" || want.Assignee != ""}
	cycles := filterOf("cycle", "Cycle", "All cycles", want.Framework)
	pillars := filterOf("pillar", "Pillar", "All pillars", want.Pillar)
	fwBySlug := map[string]*peel.Framework{}
	for _, fw := range frameworks {
		fwBySlug[fw.Slug] = fw
		cycles.add(fw.Slug, fw.Name())
		for _, p := range fw.Pillars {
			if !slices.ContainsFunc(pillars.Options, func(o option) bool { return o.Value == p.Slug }) {
				pillars.add(p.Slug, p.Name)
			}
		}
	}
	forces := filterOf("force", "Force", "All forces", want.Organisation)
	names := map[string]string{}
	for _, o := range orgs {
		names[o.Slug] = o.Name
		forces.add(o.Slug, o.Name)
	}
	statuses := filterOf("status", "Status", "All statuses", string(want.Status))
	for _, st := range peel.Statuses {
		statuses.add(string(st), statusViews[st].Label)
	}
	data.Filters = []filter{cycles.filter, forces.filter, pillars.filter, statuses.filter}
	// Assignees are staff, and a liaison is offered no list of the staff.
	if sess.User.Role != peel.RoleLiaison {
		users, err := s.Store.FindUsers(ctx)
		if err != nil {
			s.error(w, r, err)
			return
		}
		assignees := filterOf("assignee", "Assigned to", "Everyone", q.Get("assignee"))
		assignees.add(assignedToMe, "Assigned to me")
		assignees.add(store.NoAssignee, "Unassigned")
		for _, o := range staffOptions(users) {
			assignees.add(o.Value, o.Value)
		}
		data.Filters = append(data.Filters, assignees.filter)
	}

	for _, a := range list {
		row := workRow{Path: editorPath(a.Assessment), Force: names[a.Organisation], Cycle: a.Framework, Pillar: a.Pillar,
			Status: statusViews[a.Status], Version: a.Version, Changed: a.Changed, Assignee: a.Assignee}
		if fw := fwBySlug[a.Framework]; fw != nil {
			row.Cycle, row.Pillar = fw.Name(), fw.PillarName(a.Pillar)
		}
		data.Rows = append(data.Rows, row)
	}
	s.render(w, r, http.StatusOK, "editor.html", data)
}

// assignedToMe is the assignee filter's value for the user's own.
const assignedToMe = "me"

// choice builds one filter of a GET form, marking the option chosen.
type choice struct {
	filter
	chosen string
}

func filterOf(name, label, any, chosen string) *choice {
	return &choice{filter: filter{Name: name, Label: label, Options: []option{{Text: any}}}, chosen: chosen}
}

func (c *choice) add(value, text string) {
	c.Options = append(c.Options, option{Value: value, Text: text, Selected: value == c.chosen})
}

// editorPath is the address of an assessment's read view in the editor.
func editorPath(a *peel.Assessment) string {
	return "/editor/assessments/" + url.PathEscape(a.Framework) + "/" + url.PathEscape(a.Organisation) + "/" + url.PathEscape(a.Pillar)
}

// editorAssessmentPage is an assessment as stored, whatever its status,
// with its comments and the steps the user may take now, each a form.
type editorAssessmentPage struct {
	page
	Assessment   *peel.Assessment
	Path         string // its read view's address, to which the step forms post
	Force        string
	Cycle        string
	PillarName   string
	Grade        string // the pillar grade's label; "" when ungraded
	Status       statusView
	Questions    []editorQuestion
	ShowComments bool // false for a public assessment the user may not comment on
	Comments     []*peel.Comment
	Steps        []stepView
	Done         string // what the step just taken did, for the success banner

	// Assignee is the email address of the user it is assigned to; Staff
	// are those it may be assigned to, when the user may assign it.
	Assignee string
	Staff    []option

	// A form sent back to be corrected: its errors, and what was typed.
	Form      form
	Typed     map[string]string // a text field's words, by its id
	PublishAt *dateTime
}

// stepView is a step the user may take now: a form to post, or a link to
// another page (Href).
type stepView struct {
	Action string
	Label  string
	Field  string // the id of the form's field, "" for a button alone
	Ask    string // the field's label
	Href   string
}

// fieldLabels ask for each step's text.
var fieldLabels = map[string]string{
	fieldReturn:  "Why are you returning it?",
	fieldComment: "Your comment",
	fieldReason:  "Why is it withdrawn? Its public page will show the reason",
}

type editorQuestion struct {
	Number      int
	Text        string
	Grade       string
	CarriedOver string // the cycle's name, when its grade is carried over
	Paragraphs  []string
	Links       []*peel.Link
}

// handleEditorAssessment is an assessment's read view in the editor. One
// the user may not read answers 404, as one that does not exist does.
func (s *Server) handleEditorAssessment(w http.ResponseWriter, r *http.Request) {
	sess := s.editorSession(w, r)
	if sess == nil {
		return
	}
	data, err := s.editorAssessmentData(r, sess)
	if err != nil {
		s.editorError(w, r, sess, err)
		return
	}
	if sa, ok := stepActions[r.URL.Query().Get("done")]; ok {
		data.Done = sa.done
	}
	s.render(w, r, http.StatusOK, "editor-assessment.html", data)
}

// editorAssessmentData is the read view of the assessment the request's
// address names, if the user may read it: ENOTFOUND otherwise, as when
// there is none.
func (s *Server) editorAssessmentData(r *http.Request, sess *peel.Session) (*editorAssessmentPage, error) {
	ctx := r.Context()
	a, err := s.Store.ReadAssessment(ctx, sess.User, r.PathValue("framework"), r.PathValue("organisation"), r.PathValue("pillar"))
	if err == nil {
		a, err = s.resolveLinks(ctx, a)
	}
	if err != nil {
		return nil, err
	}
	fw, err := s.Store.FindFrameworkBySlug(ctx, a.Framework)
	if err != nil {
		return nil, err
	}
	orgs, err := s.Store.FindOrganisations(ctx, store.OrganisationFilter{Slug: a.Organisation})
	if err != nil {
		return nil, err
	}
	data := &editorAssessmentPage{Assessment: a, Path: editorPath(a), Cycle: fw.Name(), PillarName: fw.PillarName(a.Pillar),
		Status: statusViews[a.Status], Force: a.Organisation, Typed: map[string]string{},
		PublishAt: newDateTime(fieldPublish, "Publication time", "In UK time. For example, 27 3 2027 and 09:30, or 09:30:15 to the second", a.PublishAt)}
	if len(orgs) > 0 {
		data.Force = orgs[0].Name
	}
	data.page = s.editorFrame(r, data.Force+": "+data.PillarName+", "+data.Cycle, sess)
	data.Breadcrumbs = []crumb{{"Assessments", "/editor"}}
	label := func(slug string) string {
		if g := fw.Grade(slug); g != nil {
			return g.Label
		}
		return ""
	}
	data.Grade = label(a.Grade)
	carried, err := s.carriedOver(ctx, a, data.PillarName)
	if err != nil {
		return nil, err
	}
	for _, j := range a.Judgments {
		q := editorQuestion{Number: j.Number, Text: j.Question, Grade: label(j.Grade)}
		if c := carried[j.CarriedOver]; c != nil {
			q.CarriedOver = c.Name
		}
		for _, b := range j.Body {
			if b.Link != nil {
				q.Links = append(q.Links, b.Link)
			} else {
				q.Paragraphs = append(q.Paragraphs, b.Paragraph)
			}
		}
		data.Questions = append(data.Questions, q)
	}
	data.Comments, err = s.Store.FindComments(ctx, sess.User, a.Framework, a.Organisation, a.Pillar)
	switch {
	case err == nil:
		data.ShowComments = true
	case peel.ErrorCode(err) != peel.ENOTFOUND:
		return nil, err
	}
	for _, step := range peel.Steps {
		if step.Action == peel.ActionReadDraft || step.Action == peel.ActionCreate || peel.Allow(sess.User, step.Action, a) != nil {
			continue
		}
		v := stepView{Action: string(step.Action), Label: stepLabels[step.Action]}
		if sa, ok := stepActions[v.Action]; ok {
			v.Field, v.Ask = sa.field, fieldLabels[sa.field]
		} else {
			v.Href = data.Path + "/edit" // the content's form, for edit and correct
		}
		data.Steps = append(data.Steps, v)
	}
	if data.Assignee, err = s.Store.Assignee(ctx, a.Framework, a.Organisation, a.Pillar); err != nil {
		return nil, err
	}
	if peel.AllowAssign(sess.User, a) == nil {
		users, err := s.Store.FindUsers(ctx)
		if err != nil {
			return nil, err
		}
		data.Staff = staffOptions(users)
	}
	return data, nil
}

// staffOptions are the users an assessment may be assigned to: those who
// are not liaisons, and not disabled.
func staffOptions(users []*peel.User) []option {
	var list []option
	for _, u := range users {
		if u.Role != peel.RoleLiaison && !u.Disabled {
			list = append(list, option{Value: u.Email, Text: u.Email + " (" + string(u.Role) + ")"})
		}
	}
	return list
}
