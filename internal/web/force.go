package web

import (
	"net/http"
	"slices"

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
}

type cycleRow struct {
	Framework *peel.Framework
	Cells     []cycleCell // one per column of Pillars
}

type cycleCell struct {
	Path  string // "" when the force has no published assessment for it
	Grade grade
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
// cycle, newest first, a column per pillar.
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
	data := &forcePage{page: s.page(r, org.Name, crumb{"Home", "/"}, crumb{"Police forces", "/forces"}), Organisation: org}
	// The columns are the pillars assessed in any cycle, in the order the
	// frameworks give them (a pillar missing from a cycle does not move
	// the others); the rows are the cycles, newest first.
	rank := map[string]int{}
	for _, a := range list {
		fw := n.frameworks[a.Framework]
		name := peel.Fold(fw.PillarName(a.Pillar))
		if _, ok := rank[name]; !ok {
			data.Pillars = append(data.Pillars, fw.PillarName(a.Pillar))
		}
		for i, p := range fw.Pillars {
			if p.Slug == a.Pillar && (rank[name] == 0 || i+1 < rank[name]) {
				rank[name] = i + 1
			}
		}
	}
	slices.SortStableFunc(data.Pillars, func(a, b string) int { return rank[peel.Fold(a)] - rank[peel.Fold(b)] })
	column := map[string]int{}
	for i, name := range data.Pillars {
		column[peel.Fold(name)] = i
	}
	rows := map[string]*cycleRow{}
	var order []string
	for _, a := range list {
		fw := n.frameworks[a.Framework]
		row := rows[fw.Slug]
		if row == nil {
			row = &cycleRow{Framework: fw, Cells: make([]cycleCell, len(data.Pillars))}
			rows[fw.Slug] = row
			order = append(order, fw.Slug)
		}
		row.Cells[column[peel.Fold(fw.PillarName(a.Pillar))]] = cycleCell{Path: a.Path(), Grade: gradeOf(fw, a.Grade)}
	}
	for i := len(order) - 1; i >= 0; i-- {
		data.Cycles = append(data.Cycles, *rows[order[i]])
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
