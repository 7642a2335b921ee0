package web

import (
	"net/http"

	"github.com/peel-oss/peel/internal/peel"
	"github.com/peel-oss/peel/internal/store"
)

type forceIndexPage struct {
	page
	Regions []region
}

type forcePage struct {
	page
	Organisation *peel.Organisation
	Pillars      []string // the table's columns: every pillar assessed in any cycle
	Cycles       []cycleRow
	Chart        lineChart // how the grades moved, a line a pillar
	// Publications are the public publications that cover the force or
	// record its outcome, newest first, each with its outcome, if any.
	Publications []forcePublication
	// Responses are the police and crime commissioner's responses to the
	// public reports on the force, due, overdue and received.
	Responses []responseView
	// Recommendations are the public recommendations the force has still
	// to complete, newest first.
	Recommendations []forceRecommendation
}

// forceRecommendation is an open recommendation and where the force
// stands on it.
type forceRecommendation struct {
	*peel.Recommendation
	Status peel.RecStatus
}

type forcePublication struct {
	Publication *peel.Publication
	Outcome     *outcomeView // nil when it records none for the force
}

type cycleRow struct {
	Framework *peel.Framework
	Cells     []cycleCell // one per column of Pillars
}

type cycleCell struct {
	Path  string // "" when the force has no published assessment for it
	Grade grade
	Move  string // "up", "down" or "same" since the cycle before; "" when either is not graded
	Since string // the cycle before, "PEEL 2015"
}

func (s *Server) handleForceIndex(w http.ResponseWriter, r *http.Request) {
	orgs, err := s.Store.FindOrganisations(r.Context(), store.OrganisationFilter{})
	if err != nil {
		s.error(w, r, err)
		return
	}
	data := &forceIndexPage{page: s.page(r, "Police forces", crumb{"Home", "/"}), Regions: byRegion(orgs)}
	s.render(w, r, http.StatusOK, "forces.html", data)
}

// handleForceView shows every published assessment of one force: a row per
// cycle, newest first, a column per pillar; and a chart of how its grades
// moved.
func (s *Server) handleForceView(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	org, err := s.Store.FindOrganisationBySlug(ctx, r.PathValue("organisation"))
	if err != nil {
		s.error(w, r, err)
		return
	}
	list, err := s.Store.FindAssessments(ctx, store.AssessmentFilter{Organisation: org.Slug, Public: true})
	if err != nil {
		s.error(w, r, err)
		return
	}
	n, err := s.names(ctx)
	if err != nil {
		s.error(w, r, err)
		return
	}
	h := newHistory(list, n)
	data := &forcePage{page: s.page(r, org.Name, crumb{"Home", "/"}, crumb{"Police forces", "/forces"}), Organisation: org,
		Pillars: h.Pillars}
	var cols []historyColumn
	var lines []series
	for _, p := range h.Pillars {
		cols = append(cols, historyColumn{org.Slug, p})
		lines = append(lines, h.series(p, org.Slug, p))
	}
	data.Cycles = h.rows(cols)
	data.Chart = h.chart("grades-chart", "How "+org.Name+"’s grades moved over the cycles",
		"A line for each pillar across the cycles, oldest first, with the best grade at the top. The table of grades by cycle gives the same grades.", lines)
	pubs, _, err := s.Store.FindPublications(ctx, store.PublicationFilter{Organisation: org.Slug, Public: true})
	if err != nil {
		s.error(w, r, err)
		return
	}
	outcomes, err := s.Store.FindOutcomes(ctx, store.OutcomeFilter{Organisation: org.Slug, Public: true})
	if err != nil {
		s.error(w, r, err)
		return
	}
	for _, p := range pubs {
		fp := forcePublication{Publication: p}
		for _, o := range outcomes {
			if o.Publication == p.Slug {
				v := outcomeViewOf(p, org, o)
				fp.Outcome = &v
			}
		}
		data.Publications = append(data.Publications, fp)
	}
	data.Responses = s.publicResponses(r, store.ResponseFilter{Organisation: org.Slug})
	recs, err := s.openRecommendations(r, org.Slug)
	if err != nil {
		s.error(w, r, err)
		return
	}
	for _, rec := range recs {
		data.Recommendations = append(data.Recommendations, forceRecommendation{rec, rec.Addressee(org.Slug).Latest().Status})
	}
	s.render(w, r, http.StatusOK, "force.html", data)
}

// handleCycleRedirect sends the inspectorate's address of a force's cycle
// (/peel-assessments/peel-2016/kent/) to that cycle on the force's page.
func (s *Server) handleCycleRedirect(w http.ResponseWriter, r *http.Request) {
	org, err := s.Store.FindOrganisationBySlug(r.Context(), r.PathValue("organisation"))
	if err != nil {
		s.error(w, r, err)
		return
	}
	if _, err := s.Store.FindFrameworkBySlug(r.Context(), r.PathValue("framework")); err != nil {
		s.error(w, r, err)
		return
	}
	http.Redirect(w, r, "/forces/"+org.Slug+"#"+r.PathValue("framework"), http.StatusMovedPermanently)
}
