package web

import (
	"context"
	"net/http"

	"github.com/peel-oss/peel/internal/peel"
	"github.com/peel-oss/peel/internal/store"
)

type assessmentPage struct {
	page
	Organisation *peel.Organisation
	Framework    *peel.Framework
	PillarName   string
	Assessment   *peel.Assessment
	Grade        grade
	Questions    []questionView
	Version      *versionBanner // set on a version's page from the history
	Responses    []responseView // the police and crime commissioner's response, on the current page
}

type questionView struct {
	Number      int
	Text        string
	Grade       grade
	CarriedOver *carriedView // the earlier cycle its grade comes from, if any
	Body        []bodyItem
}

// carriedView is the earlier cycle a judgment's grade is carried over
// from: its name, and the address of that cycle's assessment of the same
// force and pillar when it is public ("" when not).
type carriedView struct {
	Name, Href string
}

// carriedOver returns, by framework slug, the earlier cycles that a's
// judgments carry their grades over from.
func (s *Server) carriedOver(ctx context.Context, a *peel.Assessment, pillarName string) (map[string]*carriedView, error) {
	views := map[string]*carriedView{}
	for _, j := range a.Judgments {
		if j.CarriedOver == "" || views[j.CarriedOver] != nil {
			continue
		}
		fw, err := s.Store.FindFrameworkBySlug(ctx, j.CarriedOver)
		if err != nil {
			return nil, err
		}
		v := &carriedView{Name: fw.Name()}
		if p := fw.PillarByName(pillarName); p != nil {
			earlier, err := s.Store.FindAssessment(ctx, fw.Slug, a.Organisation, p.Slug)
			switch {
			case err == nil && earlier.Status.Public():
				v.Href = earlier.Path()
			case err != nil && peel.ErrorCode(err) != peel.ENOTFOUND:
				return nil, err
			}
		}
		views[j.CarriedOver] = v
	}
	return views, nil
}

// bodyItem is a paragraph, or a run of links to related publications shown
// as one list.
type bodyItem struct {
	Paragraph string
	Links     []*peel.Link
}

// handleAssessmentView shows a published assessment. A draft is not found,
// so that its existence does not leak.
func (s *Server) handleAssessmentView(w http.ResponseWriter, r *http.Request) {
	a, err := s.Store.FindAssessment(r.Context(), r.PathValue("framework"), r.PathValue("organisation"), r.PathValue("pillar"))
	if err != nil {
		s.error(w, r, err)
		return
	}
	if !a.Status.Public() {
		s.notFound(w, r)
		return
	}
	data, err := s.assessmentView(r, a)
	if err != nil {
		s.error(w, r, err)
		return
	}
	data.Responses = s.publicResponses(r, store.ResponseFilter{Report: a.Path()})
	s.render(w, r, http.StatusOK, "assessment.html", data)
}

// assessmentView is the page of an assessment as it stands or as it stood:
// its names, grades and narrative as the template shows them, its links
// to publications leading to them where they are public.
func (s *Server) assessmentView(r *http.Request, a *peel.Assessment) (*assessmentPage, error) {
	ctx := r.Context()
	a, err := s.resolveLinks(ctx, a)
	if err != nil {
		return nil, err
	}
	org, err := s.Store.FindOrganisationBySlug(ctx, a.Organisation)
	if err != nil {
		return nil, err
	}
	fw, err := s.Store.FindFrameworkBySlug(ctx, a.Framework)
	if err != nil {
		return nil, err
	}
	data := &assessmentPage{Organisation: org, Framework: fw, PillarName: fw.PillarName(a.Pillar), Assessment: a, Grade: gradeOf(fw, a.Grade)}
	data.page = s.page(r, org.ShortName+" "+fw.Name()+": "+data.PillarName,
		crumb{"Home", "/"}, crumb{org.Name, "/forces/" + org.Slug}, crumb{fw.Name(), "/forces/" + org.Slug + "#" + fw.Slug})
	carried, err := s.carriedOver(ctx, a, data.PillarName)
	if err != nil {
		return nil, err
	}
	for _, j := range a.Judgments {
		q := questionView{Number: j.Number, Text: j.Question, Grade: gradeOf(fw, j.Grade), CarriedOver: carried[j.CarriedOver]}
		for _, b := range j.Body {
			switch last := len(q.Body) - 1; {
			case b.Link == nil:
				q.Body = append(q.Body, bodyItem{Paragraph: b.Paragraph})
			case last >= 0 && q.Body[last].Links != nil:
				q.Body[last].Links = append(q.Body[last].Links, b.Link)
			default:
				q.Body = append(q.Body, bodyItem{Links: []*peel.Link{b.Link}})
			}
		}
		data.Questions = append(data.Questions, q)
	}
	return data, nil
}
