package web

import (
	"fmt"
	"net/http"
	"slices"
	"strings"

	"github.com/peel-oss/peel/internal/peel"
	"github.com/peel-oss/peel/internal/store"
)

type searchPage struct {
	page
	Query   string
	Filters []filter
	Results []searchResult
	Pager   pager
	AtLeast bool // more were found than the store counts
	// Publications are the best publications found, above the
	// assessments on the first page, when no filter but the force's is set.
	Publications      []publicationResult
	PublicationsTotal int
}

// publicationResult is a publication found, with its passage.
type publicationResult struct {
	Publication *peel.Publication
	Snippet     []store.Fragment
}

// searchPublications is how many publications the first page of results
// shows at most.
const searchPublications = 5

// filter is a select of the search form: its parameter, its label, and
// what it may be set to.
type filter struct {
	Name, Label string
	Options     []option // the first is "any", with no value
}

type option struct {
	Value, Text string
	Selected    bool
}

type searchResult struct {
	publication
	Snippet []store.Fragment
}

// searchPerPage is how many results a page of them shows.
const searchPerPage = 20

// handleSearch searches the public assessments' words, narrowed by force,
// cycle, pillar and grade; and, above them, the public publications'.
func (s *Server) handleSearch(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	pg, err := parsePager(r, searchPerPage, 100)
	if err != nil {
		s.error(w, r, err)
		return
	}
	n, err := s.names(ctx)
	if err != nil {
		s.error(w, r, err)
		return
	}
	q := r.URL.Query()
	f := store.SearchFilter{
		Query: strings.TrimSpace(q.Get("q")), Organisation: q.Get("force"), Framework: q.Get("cycle"), Pillar: q.Get("pillar"), Grade: q.Get("grade"),
		Offset: pg.Offset(), Limit: pg.PerPage,
	}
	found, total, err := s.Store.Search(ctx, f)
	if err != nil {
		s.error(w, r, err)
		return
	}
	pg.Total = total
	if pg.Beyond() && pg.Page > 1 {
		s.notFound(w, r)
		return
	}
	data := &searchPage{Query: f.Query, Pager: pg, Filters: n.searchFilters(f), AtLeast: total >= store.SearchCountLimit}
	if pg.Page == 1 && f.Framework == "" && f.Pillar == "" && f.Grade == "" {
		pubs, count, err := s.Store.SearchPublications(ctx, f.Query, f.Organisation, searchPublications)
		if err != nil {
			s.error(w, r, err)
			return
		}
		data.PublicationsTotal = count
		for _, p := range pubs {
			data.Publications = append(data.Publications, publicationResult{Publication: p.Publication, Snippet: p.Snippet})
		}
	}
	title := "Search"
	if f.Query != "" {
		title = "Search results for ‘" + f.Query + "’"
		if pg.Last() > 1 {
			title += fmt.Sprintf(" (page %d of %d)", pg.Page, pg.Last())
		}
	}
	data.page = s.page(r, title, crumb{"Home", "/"})
	for _, res := range found {
		a := res.Assessment
		data.Results = append(data.Results, searchResult{
			publication: publication{Title: n.title(a), Path: a.Path(), Grade: gradeOf(n.frameworks[a.Framework], a.Grade), LastUpdated: a.LastUpdated},
			Snippet:     res.Snippet,
		})
	}
	s.render(w, r, http.StatusOK, "search.html", data)
}

// searchFilters are the form's selects, set as the search is.
func (n *names) searchFilters(f store.SearchFilter) []filter {
	forces := filter{Name: "force", Label: "Force", Options: []option{{Text: "All forces"}}}
	for _, o := range n.orgList {
		forces.Options = append(forces.Options, option{Value: o.Slug, Text: o.Name, Selected: o.Slug == f.Organisation})
	}
	cycles := filter{Name: "cycle", Label: "Inspection cycle", Options: []option{{Text: "All cycles"}}}
	var pillars, grades []option
	for _, fw := range slices.Backward(n.fwList) { // newest first
		cycles.Options = append(cycles.Options, option{Value: fw.Slug, Text: fw.Name(), Selected: fw.Slug == f.Framework})
	}
	for _, fw := range n.fwList {
		var ps, gs []option
		for _, p := range fw.Pillars {
			ps = append(ps, option{Value: p.Slug, Text: p.Name, Selected: p.Slug == f.Pillar})
		}
		for _, g := range fw.Scale {
			gs = append(gs, option{Value: g.Slug, Text: g.Label, Selected: g.Slug == f.Grade})
		}
		pillars, grades = merge(pillars, ps), merge(grades, gs)
	}
	return []filter{
		forces, cycles,
		{Name: "pillar", Label: "Pillar", Options: append([]option{{Text: "All pillars"}}, pillars...)},
		{Name: "grade", Label: "Grade", Options: append([]option{{Text: "All grades"}}, grades...)},
	}
}

// merge adds to list, in order, the options of next that it lacks, each
// after the one that comes before it in next: so scales of four and five
// grades make one scale, best first.
func merge(list, next []option) []option {
	after := -1 // where the option before this one of next stands in list
	for _, o := range next {
		i := slices.IndexFunc(list, func(p option) bool { return p.Value == o.Value })
		if i < 0 {
			i = after + 1
			list = slices.Insert(list, i, o)
		}
		after = i
	}
	return list
}

// Searched reports whether there were words to search for.
func (p *searchPage) Searched() bool { return p.Query != "" }

// Filtered reports whether any filter narrows the search.
func (p *searchPage) Filtered() bool {
	for _, f := range p.Filters {
		for _, o := range f.Options {
			if o.Selected {
				return true
			}
		}
	}
	return false
}
