package web

import (
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/peel-oss/peel/internal/peel"
	"github.com/peel-oss/peel/internal/store"
)

// A comparison is of two to four forces.
const minCompare, maxCompare = 2, 4

type comparePage struct {
	page
	Organisations []*peel.Organisation // to choose from
	Choices       []compareChoice      // the form's fields, in order
	Errors        []formError
	Forces        []*peel.Organisation // compared, in the order chosen
	Listed        string               // their names as prose
	Pillars       []comparePillar
}

// compareChoice is one of the form's fields: a select of every force.
type compareChoice struct {
	ID       string
	Label    string
	Selected string // slug
	Error    string
}

type formError struct {
	Href, Text string
}

// comparePillar is the forces' grades for one pillar over the cycles, as a
// chart and as a table: a row a cycle, a column a force.
type comparePillar struct {
	Name  string
	Rows  []cycleRow
	Chart lineChart
}

var ordinals = []string{"First", "Second", "Third", "Fourth"}

// handleCompare shows two to four forces' grades side by side over the
// cycles. Forces are chosen by ?organisation=SLUG, repeated; with none the
// page is the form alone, and a wrong choice is answered with the form and
// what is wrong with it.
func (s *Server) handleCompare(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	orgs, err := s.Store.FindOrganisations(ctx, store.OrganisationFilter{})
	if err != nil {
		s.error(w, r, err)
		return
	}
	var chosen []string
	for _, slug := range r.URL.Query()["organisation"] {
		if slug = strings.TrimSpace(slug); slug != "" && !slices.Contains(chosen, slug) {
			chosen = append(chosen, slug)
		}
	}
	data := &comparePage{page: s.page(r, "Compare forces", crumb{"Home", "/"}), Organisations: orgs}
	for i := range maxCompare {
		c := compareChoice{ID: "organisation-" + strconv.Itoa(i+1), Label: ordinals[i] + " force"}
		if i < len(chosen) {
			c.Selected = chosen[i]
		}
		data.Choices = append(data.Choices, c)
	}
	fail := func(i int, text string) {
		data.Choices[i].Error = text
		data.Errors = append(data.Errors, formError{Href: "#" + data.Choices[i].ID, Text: text})
	}
	for i, slug := range chosen[:min(len(chosen), maxCompare)] {
		j := slices.IndexFunc(orgs, func(o *peel.Organisation) bool { return o.Slug == slug })
		if j < 0 {
			fail(i, fmt.Sprintf("There is no force %q: choose one from the list", clipText(slug, 40)))
			continue
		}
		data.Forces = append(data.Forces, orgs[j])
	}
	switch {
	case len(chosen) == 0:
		s.render(w, r, http.StatusOK, "compare.html", data)
		return
	case len(chosen) < minCompare:
		fail(len(chosen), "Choose at least two different forces to compare")
	case len(chosen) > maxCompare:
		fail(0, "Choose no more than four forces to compare")
	}
	if len(data.Errors) > 0 {
		data.Title = "Error: " + data.Title
		data.Forces = nil
		s.render(w, r, http.StatusBadRequest, "compare.html", data)
		return
	}
	var list []*peel.Assessment
	for _, o := range data.Forces {
		found, err := s.Store.FindAssessments(ctx, store.AssessmentFilter{Organisation: o.Slug, Public: true})
		if err != nil {
			s.error(w, r, err)
			return
		}
		list = append(list, found...)
	}
	n, err := s.names(ctx)
	if err != nil {
		s.error(w, r, err)
		return
	}
	h := newHistory(list, n)
	var names []string
	for _, o := range data.Forces {
		names = append(names, o.Name)
	}
	data.Listed = listed(names)
	data.Title = "Compare " + data.Listed
	for i, p := range h.Pillars {
		var cols []historyColumn
		var lines []series
		for _, o := range data.Forces {
			cols = append(cols, historyColumn{o.Slug, p})
			lines = append(lines, h.series(o.Name, o.Slug, p))
		}
		data.Pillars = append(data.Pillars, comparePillar{Name: p, Rows: h.rows(cols),
			Chart: h.chart("chart-"+strconv.Itoa(i+1), p+": how the forces’ grades moved over the cycles",
				"A line for each force across the cycles, oldest first, with the best grade at the top. The table of "+p+" grades by cycle gives the same grades.", lines)})
	}
	s.render(w, r, http.StatusOK, "compare.html", data)
}

// listed joins names as prose: "A, B and C".
func listed(names []string) string {
	if len(names) < 2 {
		return strings.Join(names, "")
	}
	return strings.Join(names[:len(names)-1], ", ") + " and " + names[len(names)-1]
}

// clipText shortens what a user typed, to quote it back.
func clipText(s string, n int) string {
	if r := []rune(s); len(r) > n {
		return string(r[:n]) + "…"
	}
	return s
}
