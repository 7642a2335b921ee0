package web

import (
	"fmt"
	"net/http"
	"slices"
	"strconv"

	"github.com/peel-oss/peel/internal/peel"
	"github.com/peel-oss/peel/internal/store"
)

// cycleOrganisations is how many organisations a cycle's page lists.
const cycleOrganisations, maxCycleOrganisations = 100, 500

type cycleIndexPage struct {
	page
	Cycles []*peel.Framework // newest first
}

type cyclePage struct {
	page
	Framework *peel.Framework
	Tables    []gradeTable // this page's organisations: by pillar, then by question for each pillar whose question grades are known
	Scale     []grade      // of the counts table: the scale's grades, then ungraded
	Counts    []countRow   // the national counts, a row and a chart each
	Pager     pager        // over the organisations assessed in the cycle
}

type cycleColumn struct {
	Pillar   *peel.Pillar
	Question int // 0 for the pillar's own grade
}

// Heading is the column's or row's name: "Legitimacy", "Legitimacy
// question 2".
func (c cycleColumn) Heading() string {
	if c.Question == 0 {
		return c.Pillar.Name
	}
	return c.Pillar.Name + " question " + strconv.Itoa(c.Question)
}

// Text is the question's wording, "" for a pillar.
func (c cycleColumn) Text() string {
	if q := c.Pillar.Question(c.Question); q != nil {
		return q.Text
	}
	return ""
}

// gradeTable is grades by force for some columns, in a table a region.
type gradeTable struct {
	Heading string
	Columns []cycleColumn
	Regions []cycleRegion
}

type cycleRegion struct {
	Name      string
	Continued bool // the region began on the page before
	Rows      []cycleOrganisation
}

type cycleOrganisation struct {
	Organisation *peel.Organisation
	Cells        []cycleCell // one per column
}

// countRow is the national counts of one pillar or question.
type countRow struct {
	cycleColumn
	Counts []int // one per grade of the page's Scale
	Total  int
	Chart  barChart
}

func (s *Server) handleCycleIndex(w http.ResponseWriter, r *http.Request) {
	fws, err := s.Store.FindFrameworks(r.Context())
	if err != nil {
		s.error(w, r, err)
		return
	}
	slices.Reverse(fws)
	s.render(w, r, http.StatusOK, "cycles.html", &cycleIndexPage{page: s.page(r, "Inspection cycles", crumb{"Home", "/"}), Cycles: fws})
}

// handleCycleView shows every force's grades in one cycle, a page of
// forces at a time, grouped by region; and the national counts of its
// grades, for the whole cycle, as charts and a table.
func (s *Server) handleCycleView(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	fw, err := s.Store.FindFrameworkBySlug(ctx, r.PathValue("framework"))
	if err != nil {
		s.error(w, r, err)
		return
	}
	pg, err := parsePager(r, cycleOrganisations, maxCycleOrganisations)
	if err != nil {
		s.error(w, r, err)
		return
	}
	counts, err := s.Store.CountGrades(ctx, fw.Slug)
	if err != nil {
		s.error(w, r, err)
		return
	}
	list, total, err := s.Store.FindCycleGrades(ctx, store.CycleFilter{Framework: fw.Slug, Limit: pg.PerPage, Offset: pg.Offset()})
	if err != nil {
		s.error(w, r, err)
		return
	}
	pg.Total = total
	if pg.Beyond() {
		s.notFound(w, r)
		return
	}
	data := &cyclePage{page: s.page(r, fw.Name(), crumb{"Home", "/"}, crumb{"Inspection cycles", "/peel-assessments"}), Framework: fw, Pager: pg}
	if pg.Page > 1 {
		data.Title = fmt.Sprintf("%s (page %d of %d)", fw.Name(), pg.Page, pg.Last())
	}
	for _, g := range fw.Scale {
		data.Scale = append(data.Scale, grade{Label: g.Label, Colour: g.Colour})
	}
	data.Scale = append(data.Scale, gradeOf(fw, ""))
	data.Counts = cycleCounts(fw, counts)
	continued := false
	if pg.Page > 1 && len(list) > 0 {
		// Whether the first region began on the page before: one more
		// organisation, the one before this page's first, says.
		before, _, err := s.Store.FindCycleGrades(ctx, store.CycleFilter{Framework: fw.Slug, Limit: 1, Offset: pg.Offset() - 1})
		if err != nil {
			s.error(w, r, err)
			return
		}
		continued = len(before) == 1 && before[0].Organisation.Region == list[0].Organisation.Region
	}
	// The pillars' grades, then each pillar's questions' where known.
	var pillars []cycleColumn
	for i, row := range data.Counts {
		if row.Question == 0 {
			pillars = append(pillars, row.cycleColumn)
			continue
		}
		if i == 0 || data.Counts[i-1].Question == 0 {
			data.Tables = append(data.Tables, gradeTable{Heading: row.Pillar.Name + ": grades by question"})
		}
		last := &data.Tables[len(data.Tables)-1]
		last.Columns = append(last.Columns, row.cycleColumn)
	}
	data.Tables = append([]gradeTable{{Heading: "Grades by pillar", Columns: pillars}}, data.Tables...)
	for i := range data.Tables {
		t := &data.Tables[i]
		t.Regions = cycleRegions(fw, t.Columns, list)
		if len(t.Regions) > 0 && t.Regions[0].Name == list[0].Organisation.Region {
			t.Regions[0].Continued = continued
		}
	}
	s.render(w, r, http.StatusOK, "cycle.html", data)
}

// cycleCounts turns the store's counts into a row of counts, with its
// chart, for every pillar and question with a public grade.
func cycleCounts(fw *peel.Framework, counts []store.GradeCount) []countRow {
	var cols []cycleColumn
	for _, p := range fw.Pillars {
		for _, q := range append([]*peel.Question{{}}, p.Questions...) {
			if slices.ContainsFunc(counts, func(c store.GradeCount) bool { return c.Pillar == p.Slug && c.Question == q.Number }) {
				cols = append(cols, cycleColumn{Pillar: p, Question: q.Number})
			}
		}
	}
	rows := make([]countRow, len(cols))
	top := 0
	for i, col := range cols {
		row := &rows[i]
		row.cycleColumn = col
		row.Counts = make([]int, len(fw.Scale)+1)
		for _, c := range counts {
			if c.Pillar != col.Pillar.Slug || c.Question != col.Question {
				continue
			}
			at := slices.IndexFunc(fw.Scale, func(g *peel.Grade) bool { return g.Slug == c.Grade })
			if at < 0 {
				at = len(fw.Scale) // ungraded
			}
			row.Counts[at] += c.Count
			row.Total += c.Count
			top = max(top, row.Counts[at])
		}
	}
	for i := range rows {
		row := &rows[i]
		row.Chart = barChart{
			ID:    "chart-" + strconv.Itoa(i+1),
			Title: fmt.Sprintf("%s, %s: grades of %s", row.Heading(), fw.Name(), forces(row.Total)),
			Description: fmt.Sprintf("The number of forces given each grade, in bars with the grade and number beside each. "+
				"The table of national counts gives the same numbers.%s", prefixed(" The question: ", row.Text())),
			Max: top,
		}
		for j, n := range row.Counts {
			if j < len(fw.Scale) {
				row.Chart.Bars = append(row.Chart.Bars, bar{Label: fw.Scale[j].Label, Value: n, Colour: fw.Scale[j].Colour})
			} else if n > 0 {
				row.Chart.Bars = append(row.Chart.Bars, bar{Label: peel.Ungraded, Value: n, Ungraded: true})
			}
		}
	}
	return rows
}

// cycleRegions groups a page of organisations by region, with a cell for
// each column; an organisation with none of the columns' grades is left
// out.
func cycleRegions(fw *peel.Framework, cols []cycleColumn, list []*store.CycleGrades) []cycleRegion {
	var regions []cycleRegion
	for _, c := range list {
		o := c.Organisation
		row := cycleOrganisation{Organisation: o, Cells: make([]cycleCell, len(cols))}
		found := false
		for _, g := range c.Grades {
			i := slices.IndexFunc(cols, func(col cycleColumn) bool { return col.Pillar.Slug == g.Pillar && col.Question == g.Question })
			if i < 0 {
				continue // a question no column shows
			}
			path := peel.AssessmentPath(fw.Slug, o.Slug, g.Pillar)
			if g.Question > 0 {
				path += "#question-" + strconv.Itoa(g.Question)
			}
			row.Cells[i] = cycleCell{Path: path, Grade: gradeOf(fw, g.Grade)}
			found = true
		}
		if !found {
			continue
		}
		if len(regions) == 0 || regions[len(regions)-1].Name != o.Region {
			regions = append(regions, cycleRegion{Name: o.Region})
		}
		last := &regions[len(regions)-1]
		last.Rows = append(last.Rows, row)
	}
	return regions
}

// forces is "1 force", "43 forces".
func forces(n int) string {
	if n == 1 {
		return "1 force"
	}
	return strconv.Itoa(n) + " forces"
}

func prefixed(prefix, s string) string {
	if s == "" {
		return ""
	}
	return prefix + s
}
