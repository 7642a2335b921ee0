package web

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"net/http"
	"strconv"
	"strings"

	"github.com/peel-oss/peel/internal/peel"
	"github.com/peel-oss/peel/internal/store"
)

// judgmentColumns head the open data's CSV and name its JSON fields: every
// column peel import-grades reads, and the names people read them by.
var judgmentColumns = []string{
	"framework", "framework_name", "organisation", "organisation_name", "region",
	"pillar", "pillar_name", "question", "question_text", "grade", "last_updated", "page", "source",
}

// judgmentJSON is a row of the JSON download: the CSV's columns, with null
// where a cell is empty and the question's number as a number.
type judgmentJSON struct {
	Framework        string  `json:"framework"`
	FrameworkName    string  `json:"framework_name"`
	Organisation     string  `json:"organisation"`
	OrganisationName string  `json:"organisation_name"`
	Region           string  `json:"region"`
	Pillar           string  `json:"pillar"`
	PillarName       string  `json:"pillar_name"`
	Question         *int    `json:"question"`
	QuestionText     *string `json:"question_text"`
	Grade            *string `json:"grade"`
	LastUpdated      *string `json:"last_updated"`
	Page             string  `json:"page"`
	Source           *string `json:"source"`
}

// judgmentCells are the row's cells in the order of judgmentColumns. The
// grade is its label on the scale, "Not graded" where the item was given
// none. (An item whose grade is unknown is not stored, so it has no row.)
func (s *Server) judgmentCells(r *store.JudgmentRow) []string {
	question, grade, updated := "", r.GradeLabel, ""
	if r.Question > 0 {
		question = strconv.Itoa(r.Question)
	}
	if r.Grade == "" {
		grade = peel.NotGraded
	}
	if !r.LastUpdated.IsZero() {
		updated = r.LastUpdated.String()
	}
	return []string{r.Framework, r.FrameworkName, r.Organisation, r.OrganisationName, r.Region,
		r.Pillar, r.PillarName, question, r.QuestionText, grade, updated, s.BaseURL + r.Path(), r.Source}
}

// handleJudgmentsCSV serves every public graded item as CSV (RFC 4180:
// UTF-8, CRLF, a header row), in the columns peel import-grades reads back.
func (s *Server) handleJudgmentsCSV(w http.ResponseWriter, r *http.Request) {
	var buf bytes.Buffer
	cw := csv.NewWriter(&buf)
	cw.UseCRLF = true
	cw.Write(judgmentColumns)
	s.writeJudgments(w, r, "csv", "text/csv; charset=utf-8; header=present", &buf, func(row *store.JudgmentRow) error {
		return cw.Write(s.judgmentCells(row))
	}, func() error {
		cw.Flush()
		return cw.Error()
	})
}

// writeCSV answers with a CSV download named filename: the header, then
// the rows, with CRLF line ends as RFC 4180 has them.
func (s *Server) writeCSV(w http.ResponseWriter, r *http.Request, filename string, header []string, rows [][]string) {
	var buf bytes.Buffer
	cw := csv.NewWriter(&buf)
	cw.UseCRLF = true
	cw.Write(header)
	if err := cw.WriteAll(rows); err != nil {
		s.problem(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "text/csv; charset=utf-8; header=present")
	w.Header().Set("Content-Disposition", `attachment; filename="`+filename+`"`)
	w.Write(buf.Bytes())
}

// handleJudgmentsJSON serves the same rows as a JSON array of objects, one
// a line.
func (s *Server) handleJudgmentsJSON(w http.ResponseWriter, r *http.Request) {
	var buf bytes.Buffer
	buf.WriteString("[")
	first := true
	s.writeJudgments(w, r, "json", "application/json", &buf, func(row *store.JudgmentRow) error {
		cells := s.judgmentCells(row)
		v := judgmentJSON{
			Framework: cells[0], FrameworkName: cells[1], Organisation: cells[2], OrganisationName: cells[3], Region: cells[4],
			Pillar: cells[5], PillarName: cells[6], QuestionText: nullable(cells[8]), Grade: nullable(cells[9]),
			LastUpdated: nullable(cells[10]), Page: cells[11], Source: nullable(cells[12]),
		}
		if row.Question > 0 {
			v.Question = &row.Question
		}
		if !first {
			buf.WriteString(",")
		}
		first = false
		buf.WriteString("\n")
		data, err := json.Marshal(v)
		buf.Write(data)
		return err
	}, func() error {
		buf.WriteString("\n]\n")
		return nil
	})
}

// writeJudgments reads the filter from the query, writes each row into buf
// with add, closes it with end, and sends it as a download named after the
// filter. Nothing is sent until the whole file is written.
func (s *Server) writeJudgments(w http.ResponseWriter, r *http.Request, ext, contentType string, buf *bytes.Buffer, add func(*store.JudgmentRow) error, end func() error) {
	f, err := s.publicFilter(r)
	if err != nil {
		s.problem(w, r, err)
		return
	}
	if err := s.Store.EachJudgment(r.Context(), f, add); err != nil {
		s.problem(w, r, err)
		return
	}
	if err := end(); err != nil {
		s.problem(w, r, err)
		return
	}
	name := []string{"judgments"}
	for _, v := range []string{f.Framework, f.Organisation, f.Pillar, peel.Slugify(f.Region), f.Grade} {
		if v != "" {
			name = append(name, v)
		}
	}
	w.Header().Set("Content-Type", contentType)
	w.Header().Set("Content-Disposition", `attachment; filename="`+strings.Join(name, "-")+"."+ext+`"`)
	w.Write(buf.Bytes())
}

// outcomeColumns head the download of reviews' outcomes: the columns peel
// import-outcomes reads, and the names people read them by.
var outcomeColumns = []string{"publication", "publication_title", "organisation", "organisation_name", "outcome", "outcome_label", "narrative", "page"}

// handleOutcomesCSV serves the outcomes of every public follow-up review
// as CSV (RFC 4180), one organisation's outcome a row, by publication and
// organisation if asked; the narrative's paragraphs are separated by
// blank lines, as peel import-outcomes reads them.
func (s *Server) handleOutcomesCSV(w http.ResponseWriter, r *http.Request) {
	q, err := query(r, "publication", "organisation")
	if err != nil {
		s.problem(w, r, err)
		return
	}
	ctx := r.Context()
	outcomes, err := s.Store.FindOutcomes(ctx, store.OutcomeFilter{Publication: q.Get("publication"), Organisation: q.Get("organisation"), Public: true})
	if err != nil {
		s.problem(w, r, err)
		return
	}
	n, err := s.names(ctx)
	if err != nil {
		s.problem(w, r, err)
		return
	}
	pubs := map[string]*peel.Publication{}
	var rows [][]string
	for _, o := range outcomes {
		p, ok := pubs[o.Publication]
		if !ok {
			if p, err = s.Store.FindPublication(ctx, o.Publication); err != nil {
				s.problem(w, r, err)
				return
			}
			pubs[o.Publication] = p
		}
		label := o.Grade
		if g := p.Grade(o.Grade); g != nil {
			label = g.Label
		}
		rows = append(rows, []string{o.Publication, p.Title, o.Organisation, n.orgs[o.Organisation].Name, o.Grade, label,
			strings.Join(o.Narrative, "\n\n"), s.BaseURL + o.Path()})
	}
	s.writeCSV(w, r, "outcomes.csv", outcomeColumns, rows)
}

// handlePublicationsJSON serves every public publication whole, with its
// outcomes, as a JSON array, newest first: what /api/v1/publications/SLUG
// serves of each.
func (s *Server) handlePublicationsJSON(w http.ResponseWriter, r *http.Request) {
	if _, err := query(r); err != nil {
		s.problem(w, r, err)
		return
	}
	ctx := r.Context()
	list, _, err := s.Store.FindPublications(ctx, store.PublicationFilter{Public: true})
	if err != nil {
		s.problem(w, r, err)
		return
	}
	outcomes, err := s.Store.FindOutcomes(ctx, store.OutcomeFilter{Public: true})
	if err != nil {
		s.problem(w, r, err)
		return
	}
	docs := []peel.PublicationDocument{}
	for _, p := range list {
		d := peel.PublicationDocument{Publication: p}
		for _, o := range outcomes {
			if o.Publication == p.Slug {
				d.Outcomes = append(d.Outcomes, o)
			}
		}
		docs = append(docs, d)
	}
	w.Header().Set("Content-Disposition", `attachment; filename="publications.json"`)
	s.writeJSON(w, r, http.StatusOK, "application/json", docs)
}
