package web

import (
	"net/http"
	"slices"
	"strings"

	"github.com/peel-oss/peel/internal/peel"
)

// newAssessmentPage is the form that starts an assessment: a force, a cycle
// and a pillar, with what is wrong with the choice.
type newAssessmentPage struct {
	page
	Fields []*formField // organisation, cycle, pillar
	Errors []formError
}

// newAssessmentFields are the create form's selects, with the values
// chosen.
func (s *Server) newAssessmentFields(r *http.Request, organisation, framework, pillar string) ([]*formField, error) {
	n, err := s.names(r.Context())
	if err != nil {
		return nil, err
	}
	orgs, fws := n.orgList, n.fwList
	org := &formField{Kind: "select", Name: "organisation", Label: "Force", Value: organisation, Options: []option{{Text: "Choose a force"}}}
	for _, o := range orgs {
		org.Options = append(org.Options, option{Value: o.Slug, Text: o.Name, Selected: o.Slug == organisation})
	}
	cycle := &formField{Kind: "select", Name: "cycle", Label: "Cycle", Value: framework, Options: []option{{Text: "Choose a cycle"}}}
	pill := &formField{Kind: "select", Name: "pillar", Label: "Pillar", Value: pillar, Options: []option{{Text: "Choose a pillar"}},
		Hint: "The pillar must be one of the cycle's."}
	for _, fw := range fws {
		cycle.Options = append(cycle.Options, option{Value: fw.Slug, Text: fw.Name(), Selected: fw.Slug == framework})
		for _, p := range fw.Pillars {
			if !slices.ContainsFunc(pill.Options, func(o option) bool { return o.Value == p.Slug }) {
				pill.Options = append(pill.Options, option{Value: p.Slug, Text: p.Name, Selected: p.Slug == pillar})
			}
		}
	}
	return []*formField{org, cycle, pill}, nil
}

// mayCreate answers 403 to a user whose role may not start an assessment.
func (s *Server) mayCreate(w http.ResponseWriter, r *http.Request, sess *peel.Session) bool {
	if err := peel.Allow(sess.User, peel.ActionCreate, &peel.Assessment{}); err != nil {
		s.error(w, r, err)
		return false
	}
	return true
}

// handleAssessmentNew is the form that starts an assessment, for the roles
// that may.
func (s *Server) handleAssessmentNew(w http.ResponseWriter, r *http.Request) {
	sess := s.editorSession(w, r)
	if sess == nil || !s.mayCreate(w, r, sess) {
		return
	}
	q := r.URL.Query()
	fields, err := s.newAssessmentFields(r, q.Get("organisation"), q.Get("cycle"), q.Get("pillar"))
	if err != nil {
		s.error(w, r, err)
		return
	}
	data := &newAssessmentPage{page: s.editorFrame(r, "Create an assessment", sess), Fields: fields}
	data.Breadcrumbs = []crumb{{"Assessments", "/editor"}}
	s.render(w, r, http.StatusOK, "editor-new.html", data)
}

// handleAssessmentCreate starts the assessment chosen, as a draft, and
// sends the browser to its edit form.
func (s *Server) handleAssessmentCreate(w http.ResponseWriter, r *http.Request) {
	sess := s.editorForm(w, r)
	if sess == nil || !s.mayCreate(w, r, sess) {
		return
	}
	organisation, framework, pillar := strings.TrimSpace(r.PostFormValue("organisation")), strings.TrimSpace(r.PostFormValue("cycle")), strings.TrimSpace(r.PostFormValue("pillar"))
	fields, err := s.newAssessmentFields(r, organisation, framework, pillar)
	if err != nil {
		s.error(w, r, err)
		return
	}
	data := &newAssessmentPage{page: s.editorFrame(r, "Create an assessment", sess), Fields: fields}
	data.Breadcrumbs = []crumb{{"Assessments", "/editor"}}
	fail := func(f *formField, text string) {
		f.Error = text
		data.Errors = append(data.Errors, formError{Href: "#" + f.ID(), Text: text})
	}
	for _, f := range fields {
		switch {
		case f.Value == "":
			fail(f, "Select a "+strings.ToLower(f.Label))
		case !slices.ContainsFunc(f.Options, func(o option) bool { return o.Value == f.Value }):
			fail(f, "Select a "+strings.ToLower(f.Label)+" from the list")
		}
	}
	status := http.StatusBadRequest
	if data.Errors == nil {
		fw, err := s.Store.FindFrameworkBySlug(r.Context(), framework)
		if err != nil {
			s.error(w, r, err)
			return
		}
		if fw.Pillar(pillar) == nil {
			var names []string
			for _, p := range fw.Pillars {
				names = append(names, p.Name)
			}
			fail(fields[2], fw.Name()+" has no pillar "+fields[2].selectedText()+": select one of its pillars ("+strings.Join(names, ", ")+")")
		} else {
			a, err := s.Store.CreateAssessment(r.Context(), sess.User, framework, organisation, pillar)
			switch {
			case peel.ErrorCode(err) == peel.ECONFLICT:
				status = http.StatusConflict
				text := fields[0].selectedText() + "’s " + fields[2].selectedText() + " assessment for " + fw.Name() + " exists already"
				fields[0].Error = text
				data.Errors = append(data.Errors, formError{Href: editorPath(&peel.Assessment{Framework: framework, Organisation: organisation, Pillar: pillar}), Text: text + ": open it"})
			case err != nil:
				s.error(w, r, err)
				return
			default:
				http.Redirect(w, r, editorPath(a)+"/edit", http.StatusSeeOther)
				return
			}
		}
	}
	data.Title = "Error: " + data.Title
	s.render(w, r, status, "editor-new.html", data)
}
