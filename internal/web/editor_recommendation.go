package web

import (
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"

	"github.com/peel-oss/peel/internal/peel"
	"github.com/peel-oss/peel/internal/store"
)

// The editor's recommendations: an inspector adds them, sees each force's
// latest status and reviews a force's update; a liaison sees their own
// force's entries and records its progress.

type editorRecommendationsPage struct {
	page
	Done            string
	CanAdd          bool
	Recommendations []editorRecommendationRow
	Pager           pager
}

// editorRecommendationRow is a recommendation in the editor's log: for a
// liaison, with their own force's status.
type editorRecommendationRow struct {
	*peel.Recommendation
	Counts []statusCount
	Own    *peel.Addressee // the liaison's force; nil for others
}

type editorRecommendationNewPage struct {
	page
	Form                               form
	Text, Theme, IssuedIn, Orgs, Scope string
	Day, Month, Year                   string
}

type editorRecommendationPage struct {
	page
	Done           string
	Recommendation *peel.Recommendation
	Counts         []statusCount
}

type editorAddresseePage struct {
	page
	Done           string
	Form           form
	Recommendation *peel.Recommendation
	Addressee      *peel.Addressee
	Path           string // the page's own address, which its forms post under
	CanProgress    bool   // the user is the force's liaison
	CanReview      bool   // the user reviews, and the force's last entry is an update
	CanSetStatus   bool
	Statuses       []peel.RecStatus
	// What was typed, for a form sent back.
	Status, Comment, Evidence, Verdict string
}

// recommendationDone are the success banners, by ?done=.
var recommendationDone = map[string]string{
	"added":    "Recommendation added",
	"progress": "Progress recorded",
	"review":   "Review recorded",
	"status":   "Status recorded",
}

const editorRecommendationsPerPage = 50

// handleEditorRecommendations lists the recommendations the user works
// on: every one for an inspector, the public ones to their own force for
// a liaison.
func (s *Server) handleEditorRecommendations(w http.ResponseWriter, r *http.Request) {
	sess := s.editorSession(w, r)
	if sess == nil {
		return
	}
	u := sess.User
	f := store.RecommendationFilter{}
	if u.Role == peel.RoleLiaison {
		f.Organisation, f.Public = u.Organisation, true
	}
	pg, list, err := readPage(r, editorRecommendationsPerPage, 200, func(limit, offset int) ([]*peel.Recommendation, int, error) {
		f.Limit, f.Offset = limit, offset
		return s.Store.FindRecommendations(r.Context(), f)
	})
	if err == nil && pg.Beyond() {
		err = errNoPage(pg)
	}
	if err != nil {
		s.editorError(w, r, sess, err)
		return
	}
	data := &editorRecommendationsPage{page: s.editorFrame(r, "Recommendations", sess), Pager: pg,
		Done: recommendationDone[r.URL.Query().Get("done")], CanAdd: peel.AllowRecommend(u) == nil}
	for _, rec := range list {
		row := editorRecommendationRow{Recommendation: rec, Counts: statusCounts(rec)}
		if u.Role == peel.RoleLiaison {
			row.Own = rec.Addressee(u.Organisation)
		}
		data.Recommendations = append(data.Recommendations, row)
	}
	s.render(w, r, http.StatusOK, "editor-recommendations.html", data)
}

func (s *Server) handleEditorRecommendationNew(w http.ResponseWriter, r *http.Request) {
	sess := s.editorSession(w, r)
	if sess == nil {
		return
	}
	if err := peel.AllowRecommend(sess.User); err != nil {
		s.editorError(w, r, sess, err)
		return
	}
	s.render(w, r, http.StatusOK, "editor-recommendation-new.html", &editorRecommendationNewPage{page: s.editorFrame(r, "Add a recommendation", sess), Scope: "all"})
}

// handleEditorRecommendationCreate adds a recommendation; a field left
// wrong shows the form again with its error.
func (s *Server) handleEditorRecommendationCreate(w http.ResponseWriter, r *http.Request) {
	sess := s.editorForm(w, r)
	if sess == nil {
		return
	}
	if err := peel.AllowRecommend(sess.User); err != nil {
		s.editorError(w, r, sess, err)
		return
	}
	v := r.PostForm
	get := func(name string) string { return strings.TrimSpace(v.Get(name)) }
	data := &editorRecommendationNewPage{page: s.editorFrame(r, "Add a recommendation", sess),
		Text: get("text"), Theme: get("theme"), IssuedIn: strings.Trim(get("issued_in"), "/"), Orgs: get("organisations"), Scope: get("scope"),
		Day: get("due-day"), Month: get("due-month"), Year: get("due-year")}
	f := &data.Form
	in := recommendationInput{Text: data.Text, Theme: data.Theme, IssuedIn: data.IssuedIn, AllForces: data.Scope == "all"}
	if data.Scope != "all" && data.Scope != "named" {
		f.fail("scope", "Choose whom it is addressed to")
	}
	if data.Scope == "named" {
		for _, o := range strings.FieldsFunc(data.Orgs, func(c rune) bool { return c == ';' || c == ',' || c == ' ' || c == '\n' }) {
			in.Organisations = append(in.Organisations, strings.TrimSpace(o))
		}
	}
	if data.Day != "" || data.Month != "" || data.Year != "" {
		d, err := peel.ParseDate(fmt.Sprintf("%s-%02s-%02s", data.Year, data.Month, data.Day))
		if err != nil || len(data.Year) != 4 {
			f.fail("due-day", "The due date must be a real date, such as 30 6 2031")
		}
		in.Due = d
	}
	rec := in.recommendation(f)
	if f.Errors == nil {
		err := s.Store.SaveRecommendations(store.WithActor(r.Context(), sess.User.Email), []*peel.Recommendation{rec})
		if peel.ErrorCode(err) == peel.EINVALID {
			f.fail(errorField(err, "text", "issued_in", "organisations", "theme"), peel.ErrorMessage(err))
		} else if err != nil {
			s.editorError(w, r, sess, err)
			return
		}
	}
	if f.Errors != nil {
		data.Title = "Error: " + data.Title
		s.render(w, r, http.StatusBadRequest, "editor-recommendation-new.html", data)
		return
	}
	http.Redirect(w, r, editorRecommendationPath(rec.ID)+"?done=added", http.StatusSeeOther)
}

func editorRecommendationPath(id int64) string { return "/editor" + peel.RecommendationPath(id) }

// editorRecommendation reads the {id} of the address as the user may see
// it: a liaison only a public one (any other is not found, as a missing
// one is).
func (s *Server) editorRecommendation(r *http.Request, u *peel.User) (*peel.Recommendation, error) {
	id, err := recommendationID(r)
	if err != nil {
		return nil, err
	}
	return s.Store.FindRecommendation(r.Context(), id, u.Role == peel.RoleLiaison)
}

// handleEditorRecommendation shows a recommendation with each force's
// latest status, each linked to its history and forms. A liaison goes
// straight to their own force's.
func (s *Server) handleEditorRecommendation(w http.ResponseWriter, r *http.Request) {
	sess := s.editorSession(w, r)
	if sess == nil {
		return
	}
	rec, err := s.editorRecommendation(r, sess.User)
	if err != nil {
		s.editorError(w, r, sess, err)
		return
	}
	if u := sess.User; u.Role == peel.RoleLiaison {
		if rec.Addressee(u.Organisation) == nil {
			s.editorError(w, r, sess, peel.Errorf(peel.EFORBIDDEN, "recommendation %d is not addressed to %s", rec.ID, u.Organisation))
			return
		}
		http.Redirect(w, r, editorRecommendationPath(rec.ID)+"/"+u.Organisation, http.StatusSeeOther)
		return
	}
	data := &editorRecommendationPage{page: s.editorFrame(r, fmt.Sprintf("Recommendation %d", rec.ID), sess), Recommendation: rec,
		Counts: statusCounts(rec), Done: recommendationDone[r.URL.Query().Get("done")]}
	s.render(w, r, http.StatusOK, "editor-recommendation.html", data)
}

// addresseeData reads the recommendation and the force of the address as
// the user may see them: a liaison only their own force's.
func (s *Server) addresseeData(r *http.Request, sess *peel.Session) (*editorAddresseePage, error) {
	u := sess.User
	rec, err := s.editorRecommendation(r, u)
	if err != nil {
		return nil, err
	}
	org := r.PathValue("organisation")
	if u.Role == peel.RoleLiaison && u.Organisation != org {
		return nil, peel.Errorf(peel.EFORBIDDEN, "a liaison for %s sees only their own force’s progress, not %s’s", u.Organisation, org)
	}
	a := rec.Addressee(org)
	if a == nil {
		return nil, peel.Errorf(peel.ENOTFOUND, "recommendation %d is not addressed to %s", rec.ID, org)
	}
	data := &editorAddresseePage{page: s.editorFrame(r, fmt.Sprintf("Recommendation %d: %s", rec.ID, a.Name), sess),
		Recommendation: rec, Addressee: a, Path: editorRecommendationPath(rec.ID) + "/" + org, Statuses: peel.RecStatuses,
		CanProgress:  peel.AllowEntry(u, org, &peel.Entry{Kind: peel.EntryProgress}) == nil,
		CanSetStatus: peel.AllowRecommend(u) == nil, Status: string(a.Latest().Status)}
	data.CanReview = data.CanSetStatus && a.Latest().Kind == peel.EntryProgress
	return data, nil
}

func (s *Server) handleEditorAddressee(w http.ResponseWriter, r *http.Request) {
	sess := s.editorSession(w, r)
	if sess == nil {
		return
	}
	data, err := s.addresseeData(r, sess)
	if err != nil {
		s.editorError(w, r, sess, err)
		return
	}
	data.Done = recommendationDone[r.URL.Query().Get("done")]
	s.render(w, r, http.StatusOK, "editor-recommendation-force.html", data)
}

// handleEditorEntry adds an entry to a force's history: its liaison's
// progress, an inspector's review of it, or an inspector's status. On
// success it goes back to the force's page, which says what was done.
func (s *Server) handleEditorEntry(w http.ResponseWriter, r *http.Request) {
	sess := s.editorForm(w, r)
	if sess == nil {
		return
	}
	data, err := s.addresseeData(r, sess)
	if err != nil {
		s.editorError(w, r, sess, err)
		return
	}
	v := r.PostForm
	data.Status, data.Comment, data.Evidence, data.Verdict = v.Get("status"), strings.TrimSpace(v.Get("comment")), v.Get("evidence"), v.Get("verdict")
	kind := peel.EntryKind(r.PathValue("kind"))
	if !slices.Contains([]peel.EntryKind{peel.EntryProgress, peel.EntryReview, peel.EntryStatus}, kind) {
		s.editorError(w, r, sess, peel.Errorf(peel.ENOTFOUND, "no form %q", kind))
		return
	}
	in := entryInput{Kind: kind, Status: data.Status, Comment: data.Comment, Verdict: data.Verdict, Evidence: strings.Split(data.Evidence, "\n")}
	if kind == peel.EntryReview {
		in.Status = "" // the review form has no status: it keeps the update's
	}
	f := &data.Form
	e := in.entry(f)
	if f.Errors == nil {
		_, err := s.Store.AddEntry(store.WithActor(r.Context(), sess.User.Email), sess.User, data.Recommendation.ID, data.Addressee.Organisation, e)
		switch peel.ErrorCode(err) {
		case "":
		case peel.EINVALID, peel.ECONFLICT:
			f.fail("comment", peel.ErrorMessage(err))
		default:
			s.editorError(w, r, sess, err)
			return
		}
	}
	if f.Errors != nil {
		data.Title = "Error: " + data.Title
		s.render(w, r, http.StatusBadRequest, "editor-recommendation-force.html", data)
		return
	}
	http.Redirect(w, r, data.Path+"?"+url.Values{"done": {string(kind)}}.Encode(), http.StatusSeeOther)
}

// recommendationInput is a new recommendation as the editor's form and
// the API's body give it.
type recommendationInput struct {
	Text          string    `json:"text"`
	Theme         string    `json:"theme"`
	IssuedIn      string    `json:"issuedIn"`
	AllForces     bool      `json:"allForces"`
	Organisations []string  `json:"organisations"`
	Due           peel.Date `json:"due"`
}

// recommendation checks the input, telling each field at fault to f, and
// returns the recommendation it makes.
func (in recommendationInput) recommendation(f *form) *peel.Recommendation {
	rec := &peel.Recommendation{Text: strings.TrimSpace(in.Text), Theme: strings.TrimSpace(in.Theme), IssuedIn: strings.Trim(strings.TrimSpace(in.IssuedIn), "/"),
		AllForces: in.AllForces, Due: in.Due}
	if rec.Text == "" {
		f.fail("text", "Enter the recommendation")
	}
	if rec.Theme == "" {
		f.fail("theme", "Enter a theme")
	}
	if rec.IssuedIn == "" {
		f.fail("issued_in", "Enter what it was issued in: a publication’s slug, or an assessment’s cycle/force/pillar")
	}
	if !rec.AllForces {
		for _, o := range in.Organisations {
			if o = strings.TrimSpace(o); o != "" {
				rec.Organisations = append(rec.Organisations, o)
			}
		}
		if len(rec.Organisations) == 0 {
			f.fail("organisations", "Enter the organisations’ slugs, such as kent; essex")
		}
	}
	return rec
}

// entryInput is an entry of a force's history as the editor's forms and
// the API's body give it.
type entryInput struct {
	Kind     peel.EntryKind `json:"kind"`
	Status   string         `json:"status"`
	Comment  string         `json:"comment"`
	Evidence []string       `json:"evidence"`
	Verdict  string         `json:"verdict"`
}

// entry checks the input, telling each field at fault to f, and returns
// the entry it makes. A review's status may be left out: it keeps the
// status of the update it reviews.
func (in entryInput) entry(f *form) *peel.Entry {
	e := &peel.Entry{Kind: in.Kind, Status: peel.RecStatus(in.Status), Comment: strings.TrimSpace(in.Comment)}
	switch in.Kind {
	case peel.EntryProgress:
		for _, line := range in.Evidence {
			if line = strings.TrimSpace(line); line != "" {
				e.Evidence = append(e.Evidence, line)
			}
		}
		if e.Comment == "" {
			f.fail("comment", "Enter what the force has done")
		}
	case peel.EntryReview:
		e.Verdict = in.Verdict
		if e.Verdict != peel.VerdictAccepted && e.Verdict != peel.VerdictQuestioned {
			f.fail("verdict", "Choose whether the update is accepted or questioned")
		} else if e.Verdict == peel.VerdictQuestioned && e.Comment == "" {
			f.fail("comment", "Enter what is questioned")
		}
	case peel.EntryStatus:
	default:
		f.fail("kind", fmt.Sprintf("%q is not a kind of entry: progress, review or status", in.Kind))
	}
	if in.Kind != peel.EntryReview || in.Status != "" {
		if _, err := peel.ParseRecStatus(in.Status); err != nil {
			f.fail("status", "Choose a status")
		}
	}
	return e
}
