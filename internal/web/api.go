package web

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/peel-oss/peel/internal/peel"
	"github.com/peel-oss/peel/internal/store"
)

// openAPI describes the JSON API; a test holds the API and it to each
// other.
//
//go:embed openapi.json
var openAPI []byte

// The sizes of the API's pages.
const (
	apiPerPage    = 100
	apiMaxPerPage = 1000
)

func (s *Server) handleOpenAPI(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/json")
	w.Write(openAPI)
}

// problem is an error as the API and the downloads tell it (RFC 9457),
// with the domain's error code.
type problem struct {
	Type   string `json:"type"`
	Title  string `json:"title"`
	Status int    `json:"status"`
	Detail string `json:"detail"`
	Code   string `json:"code"`
}

// problem answers with err as application/problem+json. Only internal
// errors are logged, as by the site's error page.
func (s *Server) problem(w http.ResponseWriter, r *http.Request, err error) {
	status := s.logError(w, r, err)
	s.writeJSON(w, r, status, "application/problem+json",
		problem{Type: "about:blank", Title: http.StatusText(status), Status: status, Detail: peel.ErrorMessage(err), Code: peel.ErrorCode(err)})
}

// apiNotFound answers what the API has no address for, and a method that
// an address does not take (405, with the methods it does in Allow), as
// problems; api routes the API alone.
func (s *Server) apiNotFound(api *http.ServeMux) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		// The mux's own answer says which methods the address takes.
		h, _ := api.Handler(r)
		rec := &recorder{header: http.Header{}}
		h.ServeHTTP(rec, r)
		if allow := rec.header.Get("Allow"); allow != "" {
			w.Header().Set("Allow", allow)
			s.writeJSON(w, r, http.StatusMethodNotAllowed, "application/problem+json", problem{Type: "about:blank",
				Title: http.StatusText(http.StatusMethodNotAllowed), Status: http.StatusMethodNotAllowed,
				Detail: fmt.Sprintf("%s does not take %s; it takes %s", r.URL.Path, r.Method, allow), Code: peel.EINVALID})
			return
		}
		s.problem(w, r, peel.Errorf(peel.ENOTFOUND, "the API has nothing at %s; %s/api/v1/openapi.json describes it", r.URL.Path, s.BaseURL))
	}
}

// writeJSON writes v as JSON through a buffer, as render does, indented as
// peel export --format json writes it.
func (s *Server) writeJSON(w http.ResponseWriter, r *http.Request, status int, contentType string, v any) {
	var buf bytes.Buffer
	if err := encodeJSON(&buf, v, "  "); err != nil {
		s.Logger.Error("encode JSON", "path", r.URL.Path, "err", err)
		http.Error(w, "Sorry, there is a problem with the service.", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", contentType)
	w.WriteHeader(status)
	w.Write(buf.Bytes())
}

// encodeJSON writes v and a newline, without escaping HTML's characters:
// nothing here goes into a page.
func encodeJSON(buf *bytes.Buffer, v any, indent string) error {
	enc := json.NewEncoder(buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", indent)
	return enc.Encode(v)
}

// query reads the request's query: only the parameters named, each at most
// once, so that a misspelt filter is an error rather than a list of all.
func query(r *http.Request, allowed ...string) (url.Values, error) {
	q := r.URL.Query()
	for name, values := range q {
		if !slices.Contains(allowed, name) {
			return nil, peel.Errorf(peel.EINVALID, "%s: not a parameter of %s (it takes %s)", name, r.URL.Path, strings.Join(allowed, ", "))
		} else if len(values) > 1 {
			return nil, peel.Errorf(peel.EINVALID, "%s: given %d times; give it once", name, len(values))
		}
	}
	return q, nil
}

// filterParams are the parameters a public filter is read from.
var filterParams = []string{"framework", "organisation", "pillar", "region", "grade"}

// publicFilter reads the filter parameters, and checks each names
// something stored; the query may have the others named too.
func (s *Server) publicFilter(r *http.Request, others ...string) (store.PublicFilter, error) {
	q, err := query(r, append(slices.Clone(filterParams), others...)...)
	if err != nil {
		return store.PublicFilter{}, err
	}
	f := store.PublicFilter{Framework: q.Get("framework"), Organisation: q.Get("organisation"), Pillar: q.Get("pillar"), Region: q.Get("region"), Grade: q.Get("grade")}
	return f, s.Store.CheckPublicFilter(r.Context(), f)
}

func (s *Server) handleAPIOrganisations(w http.ResponseWriter, r *http.Request) {
	if _, err := query(r); err != nil {
		s.problem(w, r, err)
		return
	}
	orgs, err := s.Store.FindOrganisations(r.Context(), store.OrganisationFilter{})
	if err != nil {
		s.problem(w, r, err)
		return
	}
	s.writeJSON(w, r, http.StatusOK, "application/json", map[string]any{"organisations": append([]*peel.Organisation{}, orgs...)})
}

func (s *Server) handleAPIFrameworks(w http.ResponseWriter, r *http.Request) {
	if _, err := query(r); err != nil {
		s.problem(w, r, err)
		return
	}
	fws, err := s.Store.FindFrameworks(r.Context())
	if err != nil {
		s.problem(w, r, err)
		return
	}
	s.writeJSON(w, r, http.StatusOK, "application/json", map[string]any{"frameworks": append([]*peel.Framework{}, fws...)})
}

// assessmentItem is an assessment in a list: its public representation
// without the narrative, with its addresses.
type assessmentItem struct {
	Organisation     string      `json:"organisation"`
	Framework        string      `json:"framework"`
	Pillar           string      `json:"pillar"`
	Path             string      `json:"path"`
	URL              string      `json:"url"`  // the page
	Href             string      `json:"href"` // its whole representation in the API
	HeadlineQuestion string      `json:"headlineQuestion"`
	Grade            *string     `json:"grade"`
	LastUpdated      peel.Date   `json:"lastUpdated"`
	Source           *string     `json:"source"`
	Status           peel.Status `json:"status"`
	Version          int         `json:"version"`
	PublishedAt      *time.Time  `json:"publishedAt"`
}

type assessmentList struct {
	Total       int              `json:"total"`
	Page        int              `json:"page"`
	PerPage     int              `json:"perPage"`
	Assessments []assessmentItem `json:"assessments"`
}

// handleAPIAssessments lists the public assessments, a page at a time, by
// organisation, cycle and pillar.
func (s *Server) handleAPIAssessments(w http.ResponseWriter, r *http.Request) {
	f, err := s.publicFilter(r, "page", "per_page")
	if err != nil {
		s.problem(w, r, err)
		return
	}
	apiPage(s, w, r, func(limit, offset int) ([]*peel.Assessment, int, error) {
		f.Limit, f.Offset = limit, offset
		return s.Store.FindPublicAssessments(r.Context(), f)
	}, func(p pager, list []*peel.Assessment) any {
		body := assessmentList{Total: p.Total, Page: p.Page, PerPage: p.PerPage, Assessments: []assessmentItem{}}
		for _, a := range list {
			body.Assessments = append(body.Assessments, assessmentItem{
				Organisation: a.Organisation, Framework: a.Framework, Pillar: a.Pillar, Path: a.Path(),
				URL: s.BaseURL + a.Path(), Href: s.BaseURL + apiAssessmentPath(a.Framework, a.Organisation, a.Pillar),
				HeadlineQuestion: a.Headline, Grade: nullable(a.Grade), LastUpdated: a.LastUpdated, Source: nullable(a.Source),
				Status: a.Status, Version: a.Version, PublishedAt: a.PublishedAt,
			})
		}
		return body
	})
}

// apiPage answers one page of a list of the API: it reads ?page= and
// ?per_page=, has find read that page (limit and offset) and say how many
// there are in all, refuses a page past the last, and answers what body
// makes of the page, with the page's Link and X-Total-Count headers.
func apiPage[T any](s *Server, w http.ResponseWriter, r *http.Request, find func(limit, offset int) ([]T, int, error), body func(p pager, list []T) any) {
	p, list, err := readPage(r, apiPerPage, apiMaxPerPage, find)
	if err == nil && p.Beyond() {
		err = errBeyond(p)
	}
	if err != nil {
		s.problem(w, r, err)
		return
	}
	w.Header().Set("Link", s.pageLinks(p))
	w.Header().Set("X-Total-Count", strconv.Itoa(p.Total))
	s.writeJSON(w, r, http.StatusOK, "application/json", body(p, list))
}

// errBeyond refuses a page past a list's last.
func errBeyond(p pager) error {
	return peel.Errorf(peel.EINVALID, "page: %d is after the last page, %d", p.Page, p.Last())
}

// pageLinks is the Link header (RFC 8288) of a page of a list: its first,
// previous, next and last pages, as absolute addresses.
func (s *Server) pageLinks(p pager) string {
	links := []string{link(s.BaseURL+p.Href(1), "first")}
	if prev := p.Prev(); prev != "" {
		links = append(links, link(s.BaseURL+prev, "prev"))
	}
	if next := p.Next(); next != "" {
		links = append(links, link(s.BaseURL+next, "next"))
	}
	return strings.Join(append(links, link(s.BaseURL+p.Href(p.Last()), "last")), ", ")
}

func link(href, rel string) string { return "<" + href + `>; rel="` + rel + `"` }

func apiAssessmentPath(framework, organisation, pillar string) string {
	return "/api/v1/assessments/" + framework + "/" + organisation + "/" + pillar
}

// handleAPIAssessment serves one public assessment, whole, in the
// representation peel export --format json writes. A draft is not found,
// in the same words as an address with nothing at it. A request with an
// API token is answered for the token's user (handleAPIAssessmentRead);
// one with other credentials (a proxy's Basic) as the public's.
func (s *Server) handleAPIAssessment(w http.ResponseWriter, r *http.Request) {
	if scheme, _, _ := strings.Cut(r.Header.Get("Authorization"), " "); strings.EqualFold(scheme, "Bearer") {
		s.apiToken(s.handleAPIAssessmentRead)(w, r)
		return
	}
	if _, err := query(r); err != nil {
		s.problem(w, r, err)
		return
	}
	framework, organisation, pillar := r.PathValue("framework"), r.PathValue("organisation"), r.PathValue("pillar")
	a, err := s.Store.FindAssessment(r.Context(), framework, organisation, pillar)
	if err == nil && !a.Status.Public() {
		err = peel.Errorf(peel.ENOTFOUND, "no assessment %s", peel.AssessmentPath(framework, organisation, pillar))
	}
	if err != nil {
		s.problem(w, r, err)
		return
	}
	s.writeJSON(w, r, http.StatusOK, "application/json", a.Public())
}

type changeItem struct {
	Kind           store.ChangeKind `json:"kind"`
	Framework      string           `json:"framework,omitempty"`
	Organisation   string           `json:"organisation,omitempty"`
	Pillar         string           `json:"pillar,omitempty"`
	Version        int              `json:"version,omitempty"`
	Publication    string           `json:"publication,omitempty"`
	Recommendation int64            `json:"recommendation,omitempty"`
	Entry          int64            `json:"entry,omitempty"`
	Path           string           `json:"path"`
	Href           string           `json:"href"`
	ChangedAt      time.Time        `json:"changedAt"`
}

type changeList struct {
	Changes []changeItem `json:"changes"`
	Next    string       `json:"next"`
}

// handleAPIChanges lists what became public after a time, or after the
// last change a client has seen (its cursor), in the order it did. The
// next address goes on after the last change listed; with none listed, it
// is this one, to ask again later.
func (s *Server) handleAPIChanges(w http.ResponseWriter, r *http.Request) {
	q, err := query(r, "since", "cursor", "per_page")
	var p pager
	if err == nil {
		p, err = parsePager(r, apiPerPage, apiMaxPerPage)
	}
	var after store.ChangesAfter
	switch since, cursor := q.Get("since"), q.Get("cursor"); {
	case err != nil:
	case since != "" && cursor != "":
		err = peel.Errorf(peel.EINVALID, "since: give since or cursor, not both: the cursor says where to go on from")
	case cursor != "":
		after, err = store.ParseChangeCursor(cursor)
	case since == "":
		err = peel.Errorf(peel.EINVALID, "since: give the time to list changes after, in RFC 3339 (such as 2016-12-08T00:00:00Z), or a cursor")
	default:
		var t time.Time
		if t, err = time.Parse(time.RFC3339Nano, since); err != nil {
			err = peel.Errorf(peel.EINVALID, "since: %q is not a time in RFC 3339, such as 2016-12-08T00:00:00Z", since)
		}
		after = store.ChangesSince(t)
	}
	if err != nil {
		s.problem(w, r, err)
		return
	}
	changes, err := s.Store.FindChanges(r.Context(), after, p.PerPage)
	if err != nil {
		s.problem(w, r, err)
		return
	}
	body := changeList{Changes: []changeItem{}}
	next := *r.URL
	for _, c := range changes {
		item := changeItem{Kind: c.Kind, Framework: c.Framework, Organisation: c.Organisation, Pillar: c.Pillar, Version: c.Version,
			Publication: c.Publication, Recommendation: c.Recommendation, Entry: c.Entry,
			Path: c.Path(), Href: s.BaseURL + "/api/v1" + c.Path(), ChangedAt: c.At}
		switch {
		case c.Kind == store.ChangeOutcome:
			item.Href = s.BaseURL + "/api/v1" + peel.PublicationPath(c.Publication)
		case c.Pillar != "":
			item.Href = s.BaseURL + apiAssessmentPath(c.Framework, c.Organisation, c.Pillar)
		}
		body.Changes = append(body.Changes, item)
		v := url.Values{"cursor": {c.Cursor}}
		if q.Has("per_page") {
			v.Set("per_page", q.Get("per_page"))
		}
		next.RawQuery = v.Encode()
	}
	body.Next = s.BaseURL + next.RequestURI()
	w.Header().Set("Link", link(body.Next, "next"))
	s.writeJSON(w, r, http.StatusOK, "application/json", body)
}

func nullable(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

// publicationItem is a publication in a list: without its body, links
// and scale, with its addresses.
type publicationItem struct {
	Slug          string               `json:"slug"`
	Path          string               `json:"path"`
	URL           string               `json:"url"`  // the page
	Href          string               `json:"href"` // its whole representation in the API
	Title         string               `json:"title"`
	Kind          peel.PublicationKind `json:"kind"`
	Date          peel.Date            `json:"date"`
	Summary       string               `json:"summary"`
	Organisations []string             `json:"organisations"`
	Status        peel.Status          `json:"status"`
	PublishedAt   *time.Time           `json:"publishedAt"`
}

type publicationList struct {
	Total        int               `json:"total"`
	Page         int               `json:"page"`
	PerPage      int               `json:"perPage"`
	Publications []publicationItem `json:"publications"`
}

// handleAPIPublications lists the public publications, newest first, a
// page at a time, by kind and organisation covered.
func (s *Server) handleAPIPublications(w http.ResponseWriter, r *http.Request) {
	f, err := s.publicationFilter(r)
	if err != nil {
		s.problem(w, r, err)
		return
	}
	apiPage(s, w, r, func(limit, offset int) ([]*peel.Publication, int, error) {
		f.Limit, f.Offset = limit, offset
		return s.Store.FindPublications(r.Context(), f)
	}, func(p pager, list []*peel.Publication) any {
		body := publicationList{Total: p.Total, Page: p.Page, PerPage: p.PerPage, Publications: []publicationItem{}}
		for _, pub := range list {
			body.Publications = append(body.Publications, publicationItem{
				Slug: pub.Slug, Path: pub.Path(), URL: s.BaseURL + pub.Path(), Href: s.BaseURL + "/api/v1" + pub.Path(),
				Title: pub.Title, Kind: pub.Kind, Date: pub.Date, Summary: pub.Summary, Organisations: append([]string{}, pub.Organisations...),
				Status: pub.Status, PublishedAt: pub.PublishedAt,
			})
		}
		return body
	})
}

// publicationFilter reads the public filter of publications: kind and
// organisation, each checked, and no parameter but those and the page's.
func (s *Server) publicationFilter(r *http.Request) (store.PublicationFilter, error) {
	f := store.PublicationFilter{Public: true}
	q, err := query(r, "kind", "organisation", "page", "per_page")
	if err != nil {
		return f, err
	}
	if kind := peel.PublicationKind(q.Get("kind")); kind != "" {
		if !slices.Contains(peel.PublicationKinds, kind) {
			return f, peel.Errorf(peel.EINVALID, "kind: %q is not a kind of publication", kind)
		}
		f.Kind = kind
	}
	if org := q.Get("organisation"); org != "" {
		if _, err := s.Store.FindOrganisationBySlug(r.Context(), org); peel.ErrorCode(err) == peel.ENOTFOUND {
			return f, peel.Errorf(peel.EINVALID, "organisation: no organisation %q", org)
		} else if err != nil {
			return f, err
		}
		f.Organisation = org
	}
	return f, nil
}

// handleAPIPublication serves one public publication whole, with its
// outcomes. One not public is not found, in the same words as an address
// with nothing at it.
func (s *Server) handleAPIPublication(w http.ResponseWriter, r *http.Request) {
	if _, err := query(r); err != nil {
		s.problem(w, r, err)
		return
	}
	p, err := s.publicPublication(r.Context(), r.PathValue("publication"))
	if err != nil {
		s.problem(w, r, err)
		return
	}
	outcomes, err := s.Store.FindOutcomes(r.Context(), store.OutcomeFilter{Publication: p.Slug, Public: true})
	if err != nil {
		s.problem(w, r, err)
		return
	}
	s.writeJSON(w, r, http.StatusOK, "application/json", peel.PublicationDocument{Publication: p, Outcomes: outcomes})
}
