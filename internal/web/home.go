package web

import (
	"net/http"
	"slices"

	"github.com/peel-oss/peel/internal/peel"
	"github.com/peel-oss/peel/internal/store"
)

type homePage struct {
	page
	Latest  []publication
	Regions []region
	Cycles  []*peel.Framework // newest first
}

// publication is one line of a list of published assessments.
type publication struct {
	Title       string // "Kent PEEL 2016: Legitimacy"
	Path        string
	Grade       grade
	LastUpdated peel.Date
}

// handleHome shows the latest publications (pages, not grades known only
// from a table) and the way to each force.
func (s *Server) handleHome(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	n, err := s.names(ctx)
	if err != nil {
		s.error(w, r, err)
		return
	}
	latest, err := s.Store.FindAssessments(ctx, store.AssessmentFilter{Public: true, Pages: true, Newest: true, Limit: 10})
	if err != nil {
		s.error(w, r, err)
		return
	}
	data := &homePage{page: s.page(r, "Police inspection assessments"), Regions: byRegion(n.orgList), Cycles: slices.Clone(n.fwList)}
	slices.Reverse(data.Cycles)
	for _, a := range latest {
		data.Latest = append(data.Latest, publication{
			Title: n.title(a), Path: a.Path(), Grade: gradeOf(n.frameworks[a.Framework], a.Grade), LastUpdated: a.LastUpdated,
		})
	}
	s.render(w, r, http.StatusOK, "home.html", data)
}
