package web

import (
	"net/http"
	"strconv"
	"time"

	"github.com/peel-oss/peel/internal/peel"
)

type historyPage struct {
	page
	Heading  string // "Kent PEEL 2016: Legitimacy"
	Path     string // the assessment's address
	Versions []versionRow
}

type versionRow struct {
	Number     int
	Href       string
	PublicFrom time.Time
	Note       string
	Grade      grade
	Current    bool
}

// versionBanner says, on a version's page, which version it is.
type versionBanner struct {
	Number     int
	PublicFrom time.Time
	Current    bool   // it is the version the assessment's page shows
	Path       string // the assessment's address
}

// handleHistory lists the versions of an assessment that were made
// public, newest first.
func (s *Server) handleHistory(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	fwSlug, orgSlug, pillar := r.PathValue("framework"), r.PathValue("organisation"), r.PathValue("pillar")
	versions, err := s.Store.FindVersions(ctx, fwSlug, orgSlug, pillar)
	if err != nil {
		s.error(w, r, err)
		return
	}
	n, err := s.names(ctx)
	if err != nil {
		s.error(w, r, err)
		return
	}
	current := versions[0].Assessment
	fw, org := n.frameworks[current.Framework], n.orgs[current.Organisation]
	data := &historyPage{Heading: n.title(current), Path: current.Path()}
	data.page = s.page(r, "Page history: "+data.Heading, crumb{"Home", "/"}, crumb{org.Name, "/forces/" + org.Slug},
		crumb{fw.Name(), "/forces/" + org.Slug + "#" + fw.Slug}, crumb{fw.PillarName(current.Pillar), current.Path()})
	for i, v := range versions {
		data.Versions = append(data.Versions, versionRow{
			Number: v.Number, Href: versionPath(current, v.Number), PublicFrom: v.PublicFrom, Note: v.Note,
			Grade: gradeOf(fw, v.Assessment.Grade), Current: i == 0,
		})
	}
	s.render(w, r, http.StatusOK, "history.html", data)
}

// handleVersionView shows a version of an assessment as it was public,
// from the document stored when it was, with a banner that says so.
func (s *Server) handleVersionView(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	raw := r.PathValue("version")
	number, err := strconv.Atoi(raw)
	if err != nil || number < 1 || strconv.Itoa(number) != raw {
		s.notFound(w, r)
		return
	}
	fwSlug, orgSlug, pillar := r.PathValue("framework"), r.PathValue("organisation"), r.PathValue("pillar")
	versions, err := s.Store.FindVersions(ctx, fwSlug, orgSlug, pillar)
	if err != nil {
		s.error(w, r, err)
		return
	}
	for i, v := range versions {
		if v.Number != number {
			continue
		}
		data, err := s.assessmentView(r, v.Assessment)
		if err != nil {
			s.error(w, r, err)
			return
		}
		path := v.Assessment.Path()
		data.Title += " (version " + raw + ")"
		data.Breadcrumbs = append(data.Breadcrumbs, crumb{data.PillarName, path}, crumb{"Page history", path + "/history"})
		data.Version = &versionBanner{Number: number, PublicFrom: v.PublicFrom, Current: i == 0, Path: path}
		s.render(w, r, http.StatusOK, "assessment.html", data)
		return
	}
	s.notFound(w, r)
}

// versionPath is the address of a version's page.
func versionPath(a *peel.Assessment, number int) string {
	return a.Path() + "/history/" + strconv.Itoa(number)
}
