package web

import (
	"cmp"
	"slices"
	"strings"

	"github.com/peel-oss/peel/internal/peel"
)

// history is the published grades of one or more forces over the cycles:
// what the force page and compare show as tables and as charts.
type history struct {
	Pillars []string          // every pillar assessed in any cycle, in the frameworks' order
	Cycles  []*peel.Framework // every cycle assessed, oldest first
	Scale   []string          // the grades of every cycle's scale, best first
	cells   map[historyKey]historyCell
}

type historyKey struct{ organisation, framework, pillar string }

// historyCell is one force's assessment of one pillar in one cycle.
type historyCell struct {
	cycleCell
	place int // the grade's place in the history's Scale; -1 when ungraded or missing
}

// newHistory arranges assessments of any forces by cycle and pillar.
// Pillars match across cycles by name.
func newHistory(list []*peel.Assessment, n *names) *history {
	h := &history{cells: map[historyKey]historyCell{}}
	// The pillars are in the order the frameworks give them (a pillar
	// missing from a cycle does not move the others).
	rank := map[string]int{}
	seen := map[string]bool{}
	for _, a := range list {
		fw := n.frameworks[a.Framework]
		if !seen[fw.Slug] {
			seen[fw.Slug] = true
			h.Cycles = append(h.Cycles, fw)
		}
		name := peel.Fold(fw.PillarName(a.Pillar))
		if _, ok := rank[name]; !ok {
			h.Pillars = append(h.Pillars, fw.PillarName(a.Pillar))
		}
		for i, p := range fw.Pillars {
			if p.Slug == a.Pillar && (rank[name] == 0 || i+1 < rank[name]) {
				rank[name] = i + 1
			}
		}
	}
	slices.SortStableFunc(h.Pillars, func(a, b string) int { return rank[peel.Fold(a)] - rank[peel.Fold(b)] })
	// Cycles in the store's order: by programme, then cycle.
	slices.SortFunc(h.Cycles, func(a, b *peel.Framework) int {
		return cmp.Or(strings.Compare(a.Programme, b.Programme), strings.Compare(a.Cycle, b.Cycle))
	})
	for _, fw := range h.Cycles {
		h.Scale = mergeScale(h.Scale, fw.GradeLabels())
	}
	for _, a := range list {
		fw := n.frameworks[a.Framework]
		c := historyCell{cycleCell: cycleCell{Path: a.Path(), Grade: gradeOf(fw, a.Grade)}, place: -1}
		if g := fw.Grade(a.Grade); g != nil {
			c.place = slices.IndexFunc(h.Scale, func(l string) bool { return peel.Fold(l) == peel.Fold(g.Label) })
		}
		h.cells[historyKey{a.Organisation, fw.Slug, peel.Fold(fw.PillarName(a.Pillar))}] = c
	}
	return h
}

// mergeScale adds to a scale, best first, the labels of another that it
// lacks, each after the label that comes before it there: PEEL 2021's
// Adequate goes after Good.
func mergeScale(scale, more []string) []string {
	for i, label := range more {
		if slices.ContainsFunc(scale, func(l string) bool { return peel.Fold(l) == peel.Fold(label) }) {
			continue
		}
		at := 0
		if i > 0 {
			at = slices.IndexFunc(scale, func(l string) bool { return peel.Fold(l) == peel.Fold(more[i-1]) }) + 1
		}
		scale = slices.Insert(scale, at, label)
	}
	return scale
}

// cell is a force's assessment of a pillar (by name) in a cycle; its Path
// is "" when there is none.
func (h *history) cell(organisation string, fw *peel.Framework, pillar string) historyCell {
	c, ok := h.cells[historyKey{organisation, fw.Slug, peel.Fold(pillar)}]
	if !ok {
		c.place = -1
	}
	return c
}

// historyColumn is a column of a table of grades by cycle: one force's
// grades for one pillar.
type historyColumn struct{ organisation, pillar string }

// rows are the grades of the columns as table rows, newest cycle first,
// each cell saying how its grade moved since the cycle before.
func (h *history) rows(cols []historyColumn) []cycleRow {
	var rows []cycleRow
	for i := len(h.Cycles) - 1; i >= 0; i-- {
		row := cycleRow{Framework: h.Cycles[i]}
		for _, col := range cols {
			c := h.cell(col.organisation, h.Cycles[i], col.pillar)
			if i > 0 {
				c.Move = move(h.cell(col.organisation, h.Cycles[i-1], col.pillar).place, c.place)
				c.Since = h.Cycles[i-1].Name()
			}
			row.Cells = append(row.Cells, c.cycleCell)
		}
		rows = append(rows, row)
	}
	return rows
}

// move says how a grade moved between two places on the scale (best
// first): "up", "down", "same", or "" when either is not a grade.
func move(from, to int) string {
	switch {
	case from < 0 || to < 0:
		return ""
	case to < from:
		return "up"
	case to > from:
		return "down"
	}
	return "same"
}

// series is a force's grades for one pillar over the cycles, oldest first,
// as a line of a chart.
func (h *history) series(name, organisation, pillar string) series {
	s := series{Name: name}
	for _, fw := range h.Cycles {
		s.Points = append(s.Points, h.cell(organisation, fw, pillar).place)
	}
	return s
}

// chart is a line chart of the history's cycles and scale, with the series.
func (h *history) chart(id, title, description string, lines []series) lineChart {
	c := lineChart{ID: id, Title: title, Description: description, YLabels: h.Scale, Series: lines}
	for _, fw := range h.Cycles {
		c.XLabels = append(c.XLabels, fw.Cycle)
	}
	return c
}
