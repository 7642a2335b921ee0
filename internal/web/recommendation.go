package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/peel-oss/peel/internal/peel"
	"github.com/peel-oss/peel/internal/store"
)

// The sizes of the log of recommendations' pages.
const (
	recommendationsPerPage    = 20
	recommendationsMaxPerPage = 100
)

// recommendationParams are the filters of the log, its downloads and its
// API: force, theme, status, publication (a publication's slug or an
// assessment's framework/organisation/pillar), and due dates.
var recommendationParams = []string{"force", "theme", "status", "publication", "due_before", "due_after"}

type recommendationsPage struct {
	page
	Filters         []filter
	Filtered        bool
	Recommendations []recommendationView
	Pager           pager
	Query           string // the filters as a query, for the downloads' links
}

// recommendationView is a recommendation as the log lists it: how many
// addressees stand at each status.
type recommendationView struct {
	*peel.Recommendation
	Counts []statusCount
}

type statusCount struct {
	Status peel.RecStatus
	Count  int
}

type recommendationPage struct {
	page
	Recommendation *peel.Recommendation
	IssuedIn       string // the title of what it was issued in
}

// recommendationFilter reads the log's filters, each checked, and its page.
func (s *Server) recommendationFilter(r *http.Request, q url.Values, perPage, maxPerPage int) (store.RecommendationFilter, pager, error) {
	f := store.RecommendationFilter{Public: true, Organisation: q.Get("force"), Theme: q.Get("theme"), IssuedIn: q.Get("publication")}
	if st := q.Get("status"); st != "" {
		status, err := peel.ParseRecStatus(st)
		if err != nil {
			return f, pager{}, err
		}
		f.Statuses = []peel.RecStatus{status}
	}
	for _, d := range []struct {
		name string
		to   *peel.Date
	}{{"due_before", &f.DueBefore}, {"due_after", &f.DueAfter}} {
		if v := q.Get(d.name); v != "" {
			day, err := peel.ParseDate(v)
			if err != nil {
				return f, pager{}, peel.Errorf(peel.EINVALID, "%s: %q is not a date (YYYY-MM-DD)", d.name, v)
			}
			*d.to = day
		}
	}
	if perPage == 0 {
		return f, pager{}, nil
	}
	p, err := parsePager(r, perPage, maxPerPage)
	f.Limit, f.Offset = p.PerPage, p.Offset()
	return f, p, err
}

// handleRecommendationIndex is the public log: every public
// recommendation, newest first, filtered.
func (s *Server) handleRecommendationIndex(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	q := r.URL.Query()
	f, pg, err := s.recommendationFilter(r, q, recommendationsPerPage, recommendationsMaxPerPage)
	if err != nil {
		s.error(w, r, err)
		return
	}
	list, total, err := s.Store.FindRecommendations(ctx, f)
	if err != nil {
		s.error(w, r, err)
		return
	}
	if pg.Total = total; pg.Beyond() {
		s.notFound(w, r)
		return
	}
	n, err := s.names(ctx)
	if err != nil {
		s.error(w, r, err)
		return
	}
	themes, err := s.Store.RecommendationThemes(ctx, true)
	if err != nil {
		s.error(w, r, err)
		return
	}
	data := &recommendationsPage{Pager: pg, Filters: n.recommendationFilters(q, themes)}
	kept := url.Values{}
	for _, p := range recommendationParams {
		if v := q.Get(p); v != "" {
			kept.Set(p, v)
			data.Filtered = true
		}
	}
	if len(kept) > 0 {
		data.Query = "?" + kept.Encode()
	}
	for _, rec := range list {
		data.Recommendations = append(data.Recommendations, recommendationView{Recommendation: rec, Counts: statusCounts(rec)})
	}
	title := "Recommendations"
	if pg.Page > 1 {
		title = fmt.Sprintf("Recommendations (page %d of %d)", pg.Page, pg.Last())
	}
	data.page = s.page(r, title, crumb{"Home", "/"})
	s.render(w, r, http.StatusOK, "recommendations.html", data)
}

// statusCounts counts the addressees at each status, in the statuses'
// order, leaving out those none stands at.
func statusCounts(r *peel.Recommendation) []statusCount {
	var list []statusCount
	for _, st := range peel.RecStatuses {
		c := statusCount{Status: st}
		for i := range r.Addressees {
			if r.Addressees[i].Latest().Status == st {
				c.Count++
			}
		}
		if c.Count > 0 {
			list = append(list, c)
		}
	}
	return list
}

// recommendationFilters are the log's selects, set as the query is. The
// due dates are offered by year, around this one.
func (n *names) recommendationFilters(q url.Values, themes []string) []filter {
	forces := filter{Name: "force", Label: "Force", Options: []option{{Text: "All forces"}}}
	for _, o := range n.orgList {
		forces.Options = append(forces.Options, option{Value: o.Slug, Text: o.Name, Selected: o.Slug == q.Get("force")})
	}
	theme := filter{Name: "theme", Label: "Theme", Options: []option{{Text: "All themes"}}}
	for _, t := range themes {
		theme.Options = append(theme.Options, option{Value: t, Text: t, Selected: t == q.Get("theme")})
	}
	status := filter{Name: "status", Label: "Status", Options: []option{{Text: "Any status"}}}
	for _, st := range peel.RecStatuses {
		status.Options = append(status.Options, option{Value: string(st), Text: st.Label(), Selected: string(st) == q.Get("status")})
	}
	before := filter{Name: "due_before", Label: "Due by", Options: []option{{Text: "Any time"}}}
	after := filter{Name: "due_after", Label: "Due from", Options: []option{{Text: "Any time"}}}
	year := time.Now().Year()
	for y := year - 5; y <= year+5; y++ {
		end, start := fmt.Sprintf("%d-12-31", y), fmt.Sprintf("%d-01-01", y)
		before.Options = append(before.Options, option{Value: end, Text: "the end of " + strconv.Itoa(y), Selected: end == q.Get("due_before")})
		after.Options = append(after.Options, option{Value: start, Text: "the start of " + strconv.Itoa(y), Selected: start == q.Get("due_after")})
	}
	list := []filter{forces, theme, status, before, after}
	if p := q.Get("publication"); p != "" {
		// Set from a publication's page: kept as the one choice besides all.
		list = append(list, filter{Name: "publication", Label: "Issued in", Options: []option{{Text: "Anything"}, {Value: p, Text: p, Selected: true}}})
	}
	return list
}

// publicRecommendation reads the {id} of the address: a public
// recommendation, or not found, as an address that never had one.
func (s *Server) publicRecommendation(r *http.Request) (*peel.Recommendation, error) {
	id, err := recommendationID(r)
	if err != nil {
		return nil, err
	}
	rec, err := s.Store.FindRecommendation(r.Context(), id, true)
	if err != nil {
		return nil, err
	}
	return anonymous(rec), nil
}

// anonymous is the recommendation without who made each entry, which is
// staff's and liaisons' sign-in names: the public sees whether the force
// or the inspectorate made it, by its kind. The audit log keeps who.
func anonymous(rec *peel.Recommendation) *peel.Recommendation {
	for i := range rec.Addressees {
		for j := range rec.Addressees[i].History {
			rec.Addressees[i].History[j].Actor = ""
		}
	}
	return rec
}

// handleRecommendationView shows a public recommendation with each
// addressed force's dated history.
func (s *Server) handleRecommendationView(w http.ResponseWriter, r *http.Request) {
	rec, err := s.publicRecommendation(r)
	if err != nil {
		s.error(w, r, err)
		return
	}
	data := &recommendationPage{Recommendation: rec, IssuedIn: issuedInTitle(rec)}
	if !rec.IssuedInAssessment() {
		if p, err := s.Store.FindPublication(r.Context(), rec.IssuedIn); err == nil {
			data.IssuedIn = p.Title
		}
	}
	data.page = s.page(r, fmt.Sprintf("Recommendation %d", rec.ID), crumb{"Home", "/"}, crumb{"Recommendations", "/recommendations"})
	s.render(w, r, http.StatusOK, "recommendation.html", data)
}

// recommendationColumns are the columns of /data/recommendations.csv: a
// row for each addressed organisation, with its latest status.
var recommendationColumns = []string{"id", "text", "theme", "due", "issued_in", "organisation", "organisation_name", "status", "status_at", "url"}

// publicRecommendations reads the download's filters and returns every
// public recommendation they match.
func (s *Server) publicRecommendations(r *http.Request) ([]*peel.Recommendation, error) {
	q, err := query(r, recommendationParams...)
	if err != nil {
		return nil, err
	}
	f, _, err := s.recommendationFilter(r, q, 0, 0)
	if err != nil {
		return nil, err
	}
	list, _, err := s.Store.FindRecommendations(r.Context(), f)
	for _, rec := range list {
		anonymous(rec)
	}
	return list, err
}

// handleRecommendationsCSV serves the log as CSV, taking the log's filters.
func (s *Server) handleRecommendationsCSV(w http.ResponseWriter, r *http.Request) {
	list, err := s.publicRecommendations(r)
	if err != nil {
		s.problem(w, r, err)
		return
	}
	var rows [][]string
	for _, rec := range list {
		due := ""
		if !rec.Due.IsZero() {
			due = rec.Due.String()
		}
		for _, a := range rec.Addressees {
			last := a.Latest()
			rows = append(rows, []string{strconv.FormatInt(rec.ID, 10), rec.Text, rec.Theme, due, rec.IssuedIn, a.Organisation, a.Name,
				string(last.Status), last.At.UTC().Format(time.RFC3339), s.BaseURL + rec.Path()})
		}
	}
	s.writeCSV(w, r, "recommendations.csv", recommendationColumns, rows)
}

// handleRecommendationsJSON serves the log whole, each recommendation with
// every addressee's history, as /api/v1/recommendations/{id} serves one.
func (s *Server) handleRecommendationsJSON(w http.ResponseWriter, r *http.Request) {
	list, err := s.publicRecommendations(r)
	if err != nil {
		s.problem(w, r, err)
		return
	}
	w.Header().Set("Content-Disposition", `attachment; filename="recommendations.json"`)
	s.writeJSON(w, r, http.StatusOK, "application/json", nonNilList(list))
}

func nonNilList[T any](list []T) []T {
	if list == nil {
		return []T{}
	}
	return list
}

// recommendationList is a page of /api/v1/recommendations.
type recommendationList struct {
	Total           int                    `json:"total"`
	Page            int                    `json:"page"`
	PerPage         int                    `json:"perPage"`
	Recommendations []*peel.Recommendation `json:"recommendations"`
}

func (s *Server) handleAPIRecommendations(w http.ResponseWriter, r *http.Request) {
	q, err := query(r, append([]string{"page", "per_page"}, recommendationParams...)...)
	if err != nil {
		s.problem(w, r, err)
		return
	}
	f, _, err := s.recommendationFilter(r, q, 0, 0)
	if err != nil {
		s.problem(w, r, err)
		return
	}
	apiPage(s, w, r, func(limit, offset int) ([]*peel.Recommendation, int, error) {
		f.Limit, f.Offset = limit, offset
		return s.Store.FindRecommendations(r.Context(), f)
	}, func(p pager, list []*peel.Recommendation) any {
		for _, rec := range list {
			anonymous(rec)
		}
		return recommendationList{Total: p.Total, Page: p.Page, PerPage: p.PerPage, Recommendations: nonNilList(list)}
	})
}

func (s *Server) handleAPIRecommendation(w http.ResponseWriter, r *http.Request) {
	if _, err := query(r); err != nil {
		s.problem(w, r, err)
		return
	}
	rec, err := s.publicRecommendation(r)
	if err != nil {
		s.problem(w, r, err)
		return
	}
	s.writeJSON(w, r, http.StatusOK, "application/json", rec)
}

// openRecommendations are the public recommendations still open for a
// force: those it has not completed and that were not superseded.
func (s *Server) openRecommendations(r *http.Request, org string) ([]*peel.Recommendation, error) {
	list, _, err := s.Store.FindRecommendations(r.Context(), store.RecommendationFilter{
		Public: true, Organisation: org, Statuses: []peel.RecStatus{peel.RecAwaitingReview, peel.RecBeingProgressed}})
	return list, err
}

// issuedInTitle names what a recommendation was issued in, for its page.
func issuedInTitle(rec *peel.Recommendation) string {
	return strings.ReplaceAll(rec.IssuedIn, "/", " / ")
}

// handleAPIRecommendationCreate adds a recommendation, as the token's
// user (an inspector or administrator), checked as the editor's form is.
// It answers 201 with the recommendation as stored.
func (s *Server) handleAPIRecommendationCreate(w http.ResponseWriter, r *http.Request, u *peel.User) error {
	if err := peel.AllowRecommend(u); err != nil {
		return err
	}
	rec, err := readInput(r, "a recommendation", recommendationInput.recommendation)
	if err != nil {
		return err
	}
	ctx := store.WithActor(r.Context(), u.Email)
	if err := s.Store.SaveRecommendations(ctx, []*peel.Recommendation{rec}); err != nil {
		return err
	}
	saved, err := s.Store.FindRecommendation(ctx, rec.ID, false)
	if err != nil {
		return err
	}
	w.Header().Set("Location", s.BaseURL+"/api/v1"+saved.Path())
	s.writeJSON(w, r, http.StatusCreated, "application/json", anonymous(saved))
	return nil
}

// handleAPIEntryCreate adds an entry to a force's history, as the token's
// user: a liaison their own force's progress, an inspector or
// administrator a review or a status, checked as the editor's forms are.
// A history is only added to: no route changes or removes an entry. It
// answers 201 with the recommendation as it then stands.
func (s *Server) handleAPIEntryCreate(w http.ResponseWriter, r *http.Request, u *peel.User) error {
	id, err := recommendationID(r)
	if err != nil {
		return err
	}
	e, err := readInput(r, "an entry", entryInput.entry)
	if err != nil {
		return err
	}
	rec, err := s.Store.AddEntry(store.WithActor(r.Context(), u.Email), u, id, r.PathValue("organisation"), e)
	if err != nil {
		return err
	}
	s.writeJSON(w, r, http.StatusCreated, "application/json", anonymous(rec))
	return nil
}

// recommendationID reads the {id} of the address: one that is not a
// recommendation's number is not found, as a missing one is.
func recommendationID(r *http.Request) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return 0, peel.Errorf(peel.ENOTFOUND, "no recommendation %q", r.PathValue("id"))
	}
	return id, nil
}
