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
}

// workRow is one assessment in the editor's list.
type workRow struct {
	Path    string // its read view in the editor
	Force   string
	Cycle   string
	Pillar  string
	Status  statusView
	Version int
	Changed time.Time
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
// work on, with filters by cycle, force, pillar and status sent as a GET
// form, so that they work without JavaScript.
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
		Offset: pg.Offset(), Limit: pg.PerPage,
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

	data := &editorPage{page: s.editorFrame(r, "Assessments", sess), Pager: pg,
		Filtered: want.Framework != "" || want.Organisation != "" || want.Pillar != "" || want.Status != ""}
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

	for _, a := range list {
		row := workRow{Path: editorPath(a.Assessment), Force: names[a.Organisation], Cycle: a.Framework, Pillar: a.Pillar,
			Status: statusViews[a.Status], Version: a.Version, Changed: a.Changed}
		if fw := fwBySlug[a.Framework]; fw != nil {
			row.Cycle, row.Pillar = fw.Name(), fw.PillarName(a.Pillar)
		}
		data.Rows = append(data.Rows, row)
	}
	s.render(w, r, http.StatusOK, "editor.html", data)
}

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
// with its comments and the steps the user may take now.
type editorAssessmentPage struct {
	page
	Assessment   *peel.Assessment
	Force        string
	Cycle        string
	PillarName   string
	Grade        string // the pillar grade's label; "" when ungraded
	Status       statusView
	Questions    []editorQuestion
	ShowComments bool // false for a public assessment the user may not comment on
	Comments     []*peel.Comment
	Steps        []string
}

type editorQuestion struct {
	Number     int
	Text       string
	Grade      string
	Paragraphs []string
	Links      []*peel.Link
}

// handleEditorAssessment is an assessment's read view in the editor. One
// the user may not read answers 404, as one that does not exist does.
func (s *Server) handleEditorAssessment(w http.ResponseWriter, r *http.Request) {
	sess := s.editorSession(w, r)
	if sess == nil {
		return
	}
	ctx := r.Context()
	f, o, p := r.PathValue("framework"), r.PathValue("organisation"), r.PathValue("pillar")
	a, err := s.Store.ReadAssessment(ctx, sess.User, f, o, p)
	if err == nil {
		a, err = s.resolveLinks(ctx, a)
	}
	if err != nil {
		s.error(w, r, err)
		return
	}
	fw, err := s.Store.FindFrameworkBySlug(ctx, a.Framework)
	if err != nil {
		s.error(w, r, err)
		return
	}
	orgs, err := s.Store.FindOrganisations(ctx, store.OrganisationFilter{Slug: a.Organisation})
	if err != nil {
		s.error(w, r, err)
		return
	}
	data := &editorAssessmentPage{Assessment: a, Cycle: fw.Name(), PillarName: fw.PillarName(a.Pillar), Status: statusViews[a.Status], Force: a.Organisation}
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
	for _, j := range a.Judgments {
		q := editorQuestion{Number: j.Number, Text: j.Question, Grade: label(j.Grade)}
		for _, b := range j.Body {
			if b.Link != nil {
				q.Links = append(q.Links, b.Link)
			} else {
				q.Paragraphs = append(q.Paragraphs, b.Paragraph)
			}
		}
		data.Questions = append(data.Questions, q)
	}
	data.Comments, err = s.Store.FindComments(ctx, sess.User, f, o, p)
	switch {
	case err == nil:
		data.ShowComments = true
	case peel.ErrorCode(err) != peel.ENOTFOUND:
		s.error(w, r, err)
		return
	}
	for _, step := range peel.Steps {
		if step.Action != peel.ActionReadDraft && peel.Allow(sess.User, step.Action, a) == nil {
			data.Steps = append(data.Steps, stepLabels[step.Action])
		}
	}
	s.render(w, r, http.StatusOK, "editor-assessment.html", data)
}
