package web

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"time"

	"github.com/peel-oss/peel/internal/peel"
	"github.com/peel-oss/peel/internal/store"
)

// The sizes of the list of publications' pages.
const (
	publicationsPerPage    = 20
	publicationsMaxPerPage = 100
)

type publicationsPage struct {
	page
	Publications []*peel.Publication
	Pager        pager
}

type publicationPage struct {
	page
	Publication   *peel.Publication
	Organisations []*peel.Organisation // those it covers
	Outcomes      []outcomeView
}

// outcomeView is an organisation's outcome as pages show it.
type outcomeView struct {
	Organisation *peel.Organisation
	Grade        grade
	Narrative    []string
	Path         string
}

type outcomePage struct {
	page
	Publication *peel.Publication
	Outcome     outcomeView
}

// handlePublicationIndex lists the public publications, newest first.
func (s *Server) handlePublicationIndex(w http.ResponseWriter, r *http.Request) {
	pg, err := parsePager(r, publicationsPerPage, publicationsMaxPerPage)
	if err != nil {
		s.error(w, r, err)
		return
	}
	list, total, err := s.Store.FindPublications(r.Context(), store.PublicationFilter{Public: true, Limit: pg.PerPage, Offset: pg.Offset()})
	if err != nil {
		s.error(w, r, err)
		return
	}
	pg.Total = total
	if pg.Beyond() {
		s.notFound(w, r)
		return
	}
	data := &publicationsPage{page: s.page(r, "Publications", crumb{"Home", "/"}), Publications: list, Pager: pg}
	if pg.Page > 1 {
		data.Title = fmt.Sprintf("Publications (page %d of %d)", pg.Page, pg.Last())
	}
	s.render(w, r, http.StatusOK, "publications.html", data)
}

// publicPublication returns the publication with the slug if the public
// may see it now; one they may not is not found, and its page is that of
// an address that never had one, word for word.
func (s *Server) publicPublication(ctx context.Context, slug string) (*peel.Publication, error) {
	p, err := s.Store.FindPublication(ctx, slug)
	if err == nil && !p.Status.Public() {
		return nil, peel.Errorf(peel.ENOTFOUND, "no publication %q", slug)
	}
	return p, err
}

// handlePublicationView shows a public publication, with a review's
// outcomes.
func (s *Server) handlePublicationView(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	p, err := s.publicPublication(ctx, r.PathValue("publication"))
	if err != nil {
		s.error(w, r, err)
		return
	}
	n, err := s.names(ctx)
	if err != nil {
		s.error(w, r, err)
		return
	}
	outcomes, err := s.Store.FindOutcomes(ctx, store.OutcomeFilter{Publication: p.Slug, Public: true})
	if err != nil {
		s.error(w, r, err)
		return
	}
	data := &publicationPage{page: s.page(r, p.Title, crumb{"Home", "/"}, crumb{"Publications", "/publications"}), Publication: p}
	for _, slug := range p.Organisations {
		data.Organisations = append(data.Organisations, n.orgs[slug])
	}
	for _, o := range outcomes {
		data.Outcomes = append(data.Outcomes, outcomeViewOf(p, n.orgs[o.Organisation], o))
	}
	s.render(w, r, http.StatusOK, "publication.html", data)
}

// handleOutcomeView shows an organisation's outcome in a public review.
func (s *Server) handleOutcomeView(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	p, err := s.publicPublication(ctx, r.PathValue("publication"))
	if err != nil {
		s.error(w, r, err)
		return
	}
	list, err := s.Store.FindOutcomes(ctx, store.OutcomeFilter{Publication: p.Slug, Organisation: r.PathValue("organisation"), Public: true})
	if err != nil {
		s.error(w, r, err)
		return
	} else if len(list) == 0 {
		s.notFound(w, r)
		return
	}
	org, err := s.Store.FindOrganisationBySlug(ctx, list[0].Organisation)
	if err != nil {
		s.error(w, r, err)
		return
	}
	data := &outcomePage{Publication: p, Outcome: outcomeViewOf(p, org, list[0])}
	data.page = s.page(r, peel.OutcomeTitle(p.Title, org.Name), crumb{"Home", "/"}, crumb{"Publications", "/publications"}, crumb{p.Title, p.Path()})
	s.render(w, r, http.StatusOK, "outcome.html", data)
}

func outcomeViewOf(p *peel.Publication, org *peel.Organisation, o *peel.Outcome) outcomeView {
	g := grade{Label: o.Grade}
	if sg := p.Grade(o.Grade); sg != nil {
		g = grade{Label: sg.Label, Colour: sg.Colour}
	}
	return outcomeView{Organisation: org, Grade: g, Narrative: o.Narrative, Path: o.Path()}
}

// resolveLinks returns the assessment with each link that has no address
// leading to the public page its title names (store.ResolveLinks): a
// review's outcome for a force, or a publication. The assessment as given
// is left as it is; nothing unpublished is ever linked to.
func (s *Server) resolveLinks(ctx context.Context, a *peel.Assessment) (*peel.Assessment, error) {
	var titles []string
	for _, j := range a.Judgments {
		for _, b := range j.Body {
			if b.Link != nil && b.Link.Href == "" {
				titles = append(titles, b.Link.Title)
			}
		}
	}
	if len(titles) == 0 {
		return a, nil
	}
	found, err := s.Store.ResolveLinks(ctx, titles)
	if err != nil || len(found) == 0 {
		return a, err
	}
	c := *a
	c.Judgments = make([]*peel.Judgment, len(a.Judgments))
	for i, j := range a.Judgments {
		jc := *j
		jc.Body = slices.Clone(j.Body)
		for k, b := range jc.Body {
			if href, ok := found[linkTitle(b)]; ok && b.Link.Href == "" {
				jc.Body[k].Link = &peel.Link{Title: b.Link.Title, Href: href}
			}
		}
		c.Judgments[i] = &jc
	}
	return &c, nil
}

func linkTitle(b peel.Block) string {
	if b.Link == nil {
		return ""
	}
	return b.Link.Title
}

// publicationHistoryPage lists the versions of a public publication that
// the public has seen.
type publicationHistoryPage struct {
	page
	Publication *peel.Publication
	Versions    []publicationVersionRow
}

type publicationVersionRow struct {
	Number     int
	PublicFrom time.Time
	Note       string
	Current    bool
}

// handlePublicationHistory lists a public publication's versions since it
// was published, newest first, with their change notes: as an
// assessment's page history does.
func (s *Server) handlePublicationHistory(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	p, err := s.publicPublication(ctx, r.PathValue("publication"))
	var versions []*peel.PublicationVersion
	if err == nil {
		versions, err = s.Store.FindPublicationVersions(ctx, p.Slug, true)
	}
	if err != nil {
		s.error(w, r, err)
		return
	}
	data := &publicationHistoryPage{Publication: p,
		page: s.page(r, "History: "+p.Title, crumb{"Home", "/"}, crumb{"Publications", "/publications"}, crumb{p.Title, p.Path()})}
	for i, v := range versions {
		row := publicationVersionRow{Number: v.Number, PublicFrom: v.At, Note: v.Note, Current: i == 0}
		// The version published was public from its publication, not
		// from when it was stored.
		if p.PublishedAt != nil && row.PublicFrom.Before(*p.PublishedAt) {
			row.PublicFrom = *p.PublishedAt
		}
		data.Versions = append(data.Versions, row)
	}
	s.render(w, r, http.StatusOK, "publication-history.html", data)
}
