package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/peel-oss/peel/internal/peel"
)

// Outcomes of ImportAssessment.
const (
	Created   = "created"
	Unchanged = "unchanged"
	Updated   = "updated"
)

// ImportResult says what ImportAssessment did.
type ImportResult struct {
	Outcome string // Created, Unchanged or Updated
	Version int    // the assessment's version after the import
}

// AssessmentFilter narrows FindAssessments; zero fields match all.
type AssessmentFilter struct {
	Organisation string      // slug
	Framework    string      // slug
	Status       peel.Status // "" for any
	Limit        int         // 0 for no limit
	Newest       bool        // newest publication first, instead of by cycle and pillar
	Public       bool        // only what the public may see now, by the database's clock
	Pages        bool        // only assessments with a narrative: pages, not grades known from a table

	pillar string // slug; FindAssessment finds one by its address
	id     int64
}

// ImportAssessment stores an assessment read from a page, all or nothing.
// The pillar is the page's pillar as the importer understood it: if the
// framework lacks it, or lacks its headline question or some of its
// questions, they are added; nothing the framework already defines is
// changed. Importing what is stored already changes nothing; importing
// different content makes a new version. A page that is public (published
// or withdrawn) keeps that status, and one scheduled stays scheduled for its
// time. What a page has no place for (the rationale, areas for
// improvement, causes of concern, carried-over grades) stays as stored. A
// change to a public page's content is stored as it comes;
// ImportAssessmentWithNote insists on a change note for it.
func (s *Store) ImportAssessment(ctx context.Context, a *peel.Assessment, pillar *peel.Pillar) (ImportResult, error) {
	return s.importAssessment(ctx, a, pillar, "", false)
}

// keepEditorContent keeps in a, read from a page, what the editor records
// of old that a page has no place for: its areas for improvement, its
// causes of concern and the grades carried over from an earlier cycle (of
// the questions the page asks the same). Importing a page, such as one
// peel export wrote, must not lose them.
func keepEditorContent(a, old *peel.Assessment) {
	if len(a.Improvements) == 0 {
		a.Improvements = old.Improvements
	}
	if len(a.Concerns) == 0 {
		a.Concerns = old.Concerns
	}
	for _, j := range a.Judgments {
		for _, k := range old.Judgments {
			if j.CarriedOver == "" && k.Number == j.Number && peel.Fold(k.Question) == peel.Fold(j.Question) {
				j.CarriedOver = k.CarriedOver
			}
		}
	}
}

// ImportAssessmentWithNote is ImportAssessment for a page that may be a
// major correction of a public one: a change to a public page's content
// needs a change note, which the page history shows, and without one is
// refused. The page's own "Last updated" date is stored as it is.
func (s *Store) ImportAssessmentWithNote(ctx context.Context, a *peel.Assessment, pillar *peel.Pillar, note string) (ImportResult, error) {
	return s.importAssessment(ctx, a, pillar, note, true)
}

func (s *Store) importAssessment(ctx context.Context, a *peel.Assessment, pillar *peel.Pillar, note string, needNote bool) (ImportResult, error) {
	var res ImportResult
	if err := a.Validate(); err != nil {
		return res, err
	} else if pillar == nil || pillar.Slug != a.Pillar {
		return res, peel.Errorf(peel.EINVALID, "assessment %s comes with no definition of its pillar", a.Path())
	}
	err := s.inTx(ctx, func(tx *tx) error {
		fw, err := findFrameworkBySlug(ctx, tx, a.Framework)
		if err != nil {
			return err
		}
		p, err := ensurePillar(ctx, tx, fw, pillar)
		if err != nil {
			return err
		}
		org, err := findOrganisations(ctx, tx, OrganisationFilter{Slug: a.Organisation})
		if err != nil {
			return err
		} else if len(org) == 0 {
			return peel.Errorf(peel.ENOTFOUND, "no organisation %q", a.Organisation)
		}
		old, err := findAssessment(ctx, tx, a.Framework, a.Organisation, a.Pillar, true)
		if err == nil && a.Source == "" {
			// A page does not say where it was published: what was known
			// of that (from a table of grades) stays.
			a.Source = old.Source
		}
		if err == nil && a.Rationale == "" {
			// Nor does it give the rationale, which is for the editors.
			a.Rationale = old.Rationale
		}
		if err == nil {
			keepEditorContent(a, old)
		}
		if err == nil && a.Status == peel.StatusPublished {
			switch old.Status {
			case peel.StatusScheduled:
				// Its publication stays at its time: an import does not
				// break an embargo.
				a.Status, a.PublishAt, a.PublishedAt = old.Status, old.PublishAt, nil
			case peel.StatusWithdrawn:
				a.Status = old.Status
			}
		}
		switch {
		case peel.ErrorCode(err) == peel.ENOTFOUND:
			res = ImportResult{Outcome: Created, Version: 1}
			a.ID, a.Version = 0, 1
		case err != nil:
			return err
		case old.SameContent(a):
			a.ID, a.Version, a.PublishedAt = old.ID, old.Version, old.PublishedAt
			res = ImportResult{Outcome: Unchanged, Version: old.Version}
			return nil
		case old.Status.Public() && !a.Status.Public():
			return peel.Errorf(peel.ECONFLICT, "%s is %s; importing it as a draft would not take it down", a.Path(), old.Status)
		case old.Status.Public() && needNote && note == "" && !old.GradeOnly():
			// (A page that brings the narrative of a grade known from a
			// table of grades fills it in: that is not a correction.)
			return peel.Errorf(peel.ECONFLICT, "%s is %s and this changes its content: a major correction needs a change note for its page history (peel import --note TEXT)", a.Path(), old.Status)
		default:
			a.ID, a.Version = old.ID, old.Version+1
			if a.Status.Public() && old.PublishedAt != nil {
				a.PublishedAt = old.PublishedAt
			}
			res = ImportResult{Outcome: Updated, Version: a.Version}
		}
		return writeAssessment(ctx, tx, fw, p, org[0].ID, a, note)
	})
	return res, err
}

// ensurePillar adds to the framework what the pillar has and the framework
// lacks, and returns the stored pillar.
func ensurePillar(ctx context.Context, tx *tx, fw *peel.Framework, pillar *peel.Pillar) (*peel.Pillar, error) {
	position := len(fw.Pillars)
	p := fw.Pillar(pillar.Slug)
	if p == nil {
		p = &peel.Pillar{Slug: pillar.Slug, Name: pillar.Name}
	} else {
		for i, q := range fw.Pillars {
			if q == p {
				position = i
			}
		}
	}
	changed := p.ID == 0
	if p.Headline == "" && pillar.Headline != "" {
		p.Headline, changed = pillar.Headline, true
	}
	for _, q := range pillar.Questions {
		if p.Question(q.Number) == nil {
			p.Questions, changed = append(p.Questions, &peel.Question{Number: q.Number, Text: q.Text}), true
		}
	}
	if !changed {
		return p, nil
	}
	return p, savePillar(ctx, tx, fw.ID, position, p)
}

// writeAssessment writes the assessment's row (a new one when it has no
// ID yet), its narrative, its search document and a new version.
func writeAssessment(ctx context.Context, tx *tx, fw *peel.Framework, p *peel.Pillar, orgID int64, a *peel.Assessment, note string) error {
	gradeID := func(slug, of string) (any, error) {
		if slug == "" {
			return nil, nil
		} else if g := fw.Grade(slug); g != nil {
			return g.ID, nil
		}
		return nil, peel.Errorf(peel.EINVALID, "the grade of %s, %q, is not on the %s scale", of, slug, fw.Name())
	}
	grade, err := gradeID(a.Grade, "the pillar")
	if err != nil {
		return err
	}
	created := a.ID == 0
	if created {
		a.ID, err = tx.insert(ctx, `
			INSERT INTO assessments (organisation_id, pillar_id, headline, source, grade_id, last_updated, status, version, published_at, created_at, updated_at, rationale)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			orgID, p.ID, a.Headline, a.Source, grade, formatDate(a.LastUpdated), a.Status, a.Version, formatTimePtr(a.PublishedAt), formatTime(tx.now), formatTime(tx.now), a.Rationale)
	} else {
		_, err = tx.exec(ctx, `
			UPDATE assessments SET headline = ?, source = ?, grade_id = ?, last_updated = ?, status = ?, version = ?, published_at = ?, updated_at = ?, rationale = ?
			WHERE id = ?`,
			a.Headline, a.Source, grade, formatDate(a.LastUpdated), a.Status, a.Version, formatTimePtr(a.PublishedAt), formatTime(tx.now), a.Rationale, a.ID)
	}
	if err != nil {
		return err
	}
	if !created {
		for _, q := range []string{`DELETE FROM summary_paragraphs WHERE assessment_id = ?`, `DELETE FROM judgments WHERE assessment_id = ?`,
			`DELETE FROM improvement_areas WHERE assessment_id = ?`, `DELETE FROM concern_recommendations WHERE assessment_id = ?`,
			`DELETE FROM concerns WHERE assessment_id = ?`} {
			if _, err := tx.exec(ctx, q, a.ID); err != nil {
				return err
			}
		}
	}
	// The narrative's rows go in as few statements as the engines allow,
	// one a table for most pages: on PostgreSQL each is a round trip.
	var rows [][]any
	for i, text := range a.Summary {
		rows = append(rows, []any{a.ID, i, text})
	}
	if err := insertRows(ctx, tx, `INSERT INTO summary_paragraphs (assessment_id, position, text)`, rows, "", nil); err != nil {
		return err
	}
	if err := writeFindings(ctx, tx, a); err != nil {
		return err
	}
	rows = nil
	earlier := map[string]any{}
	for _, j := range a.Judgments {
		q := p.Question(j.Number)
		if q == nil {
			return peel.Errorf(peel.EINVALID, "%s has no question %d", p.Name, j.Number)
		}
		grade, err := gradeID(j.Grade, fmt.Sprintf("question %d", j.Number))
		if err != nil {
			return err
		}
		from, err := earlierCycle(ctx, tx, fw, j, earlier)
		if err != nil {
			return err
		}
		rows = append(rows, []any{a.ID, q.ID, j.Question, grade, from})
	}
	// Each judgment's id, by its question's, for its narrative's rows.
	judgmentIDs := map[int64]int64{}
	err = insertRows(ctx, tx, `INSERT INTO judgments (assessment_id, question_id, question_text, grade_id, carried_over_from)`, rows, `question_id, id`, func(scan func(...any) error) error {
		var qid, jid int64
		err := scan(&qid, &jid)
		judgmentIDs[qid] = jid
		return err
	})
	if err != nil {
		return err
	}
	rows = nil
	for _, j := range a.Judgments {
		jid := judgmentIDs[p.Question(j.Number).ID]
		for i, b := range j.Body {
			kind, text, href := "paragraph", b.Paragraph, any(nil)
			if b.Link != nil {
				kind, text = "link", b.Link.Title
				if b.Link.Href != "" {
					href = b.Link.Href
				}
			}
			rows = append(rows, []any{jid, i, kind, text, href})
		}
	}
	if err := insertRows(ctx, tx, `INSERT INTO judgment_blocks (judgment_id, position, kind, text, href)`, rows, "", nil); err != nil {
		return err
	}
	if err := indexAssessments(ctx, tx, `a.id = ?`, a.ID); err != nil {
		return err
	}
	return writeVersion(ctx, tx, a, tx.now, note)
}

// earlierCycle is the id of the framework a judgment's grade is carried
// over from (nil for none), which must be an earlier cycle of the same
// programme. ids keeps those found, by slug, for the next judgment.
func earlierCycle(ctx context.Context, tx *tx, fw *peel.Framework, j *peel.Judgment, ids map[string]any) (any, error) {
	if j.CarriedOver == "" {
		return nil, nil
	} else if id, ok := ids[j.CarriedOver]; ok {
		return id, nil
	}
	var id int64
	var programme, cycle string
	err := tx.queryRow(ctx, `SELECT id, programme, cycle FROM frameworks WHERE slug = ?`, j.CarriedOver).Scan(&id, &programme, &cycle)
	switch {
	case err == sql.ErrNoRows:
		return nil, peel.Errorf(peel.EINVALID, "question %d: its grade is carried over from %q, which is not a cycle", j.Number, j.CarriedOver)
	case err != nil:
		return nil, err
	case programme != fw.Programme || cycle >= fw.Cycle:
		return nil, peel.Errorf(peel.EINVALID, "question %d: its grade is carried over from %s %s, which is not an earlier cycle of %s", j.Number, programme, cycle, fw.Programme)
	}
	ids[j.CarriedOver] = id
	return id, nil
}

// writeFindings writes the assessment's areas for improvement and causes
// of concern with their recommendations, after the old ones are deleted.
func writeFindings(ctx context.Context, tx *tx, a *peel.Assessment) error {
	var areas, concerns, recs [][]any
	for i, text := range a.Improvements {
		areas = append(areas, []any{a.ID, i, text})
	}
	for i, c := range a.Concerns {
		concerns = append(concerns, []any{a.ID, i, c.Text})
		for k, text := range c.Recommendations {
			recs = append(recs, []any{a.ID, i, k, text})
		}
	}
	if err := insertRows(ctx, tx, `INSERT INTO improvement_areas (assessment_id, position, text)`, areas, "", nil); err != nil {
		return err
	}
	if err := insertRows(ctx, tx, `INSERT INTO concerns (assessment_id, position, text)`, concerns, "", nil); err != nil {
		return err
	}
	return insertRows(ctx, tx, `INSERT INTO concern_recommendations (assessment_id, concern, position, text)`, recs, "", nil)
}

// findFindings reads what writeFindings writes, and the rationale, in one
// query: each read of a page pays for it.
func findFindings(ctx context.Context, tx *tx, a *peel.Assessment) error {
	a.Improvements, a.Concerns, a.Rationale = nil, nil, ""
	return scanRows(ctx, tx, func(scan func(...any) error) error {
		var kind, text string
		var concern, position int
		if err := scan(&kind, &concern, &position, &text); err != nil {
			return err
		}
		switch kind {
		case "area":
			a.Improvements = append(a.Improvements, text)
		case "concern":
			a.Concerns = append(a.Concerns, &peel.Concern{Text: text})
		case "rationale":
			a.Rationale = text
		case "recommendation":
			c := a.Concerns[concern]
			c.Recommendations = append(c.Recommendations, text)
		}
		return nil
	}, `
		SELECT 'area' AS kind, position AS concern, 0 AS position, text FROM improvement_areas WHERE assessment_id = ?
		UNION ALL SELECT 'concern', position, 0, text FROM concerns WHERE assessment_id = ?
		UNION ALL SELECT 'rationale', 0, 0, rationale FROM assessments WHERE id = ?
		UNION ALL SELECT 'recommendation', concern, position, text FROM concern_recommendations WHERE assessment_id = ?
		ORDER BY 1, 2, 3`, a.ID, a.ID, a.ID, a.ID)
}

// maxVariables is how many placeholders one statement may hold: the
// lowest of the engines' limits (SQLite's, as built by modernc.org/sqlite).
const maxVariables = 999

// insertRows inserts the rows in as few statements as the engines allow:
// head names the table and columns, and each row has a value for each
// column. With returning, each statement ends RETURNING it, and fn reads
// each row returned.
func insertRows(ctx context.Context, tx *tx, head string, rows [][]any, returning string, fn func(scan func(...any) error) error) error {
	for len(rows) > 0 {
		n := min(len(rows), max(maxVariables/len(rows[0]), 1))
		query, args := valuesList(head, rows[:n])
		var err error
		if returning == "" {
			_, err = tx.exec(ctx, query, args...)
		} else {
			err = scanRows(ctx, tx, fn, query+" RETURNING "+returning, args...)
			tx.changed = tx.changed || err == nil
		}
		if err != nil {
			return err
		}
		rows = rows[n:]
	}
	return nil
}

// valuesList is head followed by VALUES and a placeholder for each value
// of each row, and the values in order.
func valuesList(head string, rows [][]any) (string, []any) {
	var b strings.Builder
	var args []any
	b.WriteString(head)
	b.WriteString(" VALUES ")
	for i, row := range rows {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString("(?" + strings.Repeat(", ?", len(row)-1) + ")")
		args = append(args, row...)
	}
	return b.String(), args
}

// writeVersion records the assessment as it stands as its version, made at
// the time given: for a publication, the time it became public.
// The audit log's entry for the new version names the version before it
// and the new one; the documents of both are in assessment_versions. The
// note is the change note of a major correction, shown in the page history.
func writeVersion(ctx context.Context, tx *tx, a *peel.Assessment, at time.Time, note string) error {
	doc, err := json.Marshal(a)
	if err != nil {
		return err
	}
	var before *versionState
	var prevDoc string
	prev := versionState{}
	err = tx.queryRow(ctx, `SELECT version, status, document FROM assessment_versions WHERE assessment_id = ? ORDER BY version DESC LIMIT 1`, a.ID).
		Scan(&prev.Version, &prev.Status, &prevDoc)
	switch {
	case err == nil:
		var d struct{ Grade *string }
		if err := json.Unmarshal([]byte(prevDoc), &d); err != nil {
			return err
		}
		if d.Grade != nil {
			prev.Grade = *d.Grade
		}
		before = &prev
	case err != sql.ErrNoRows:
		return err
	}
	var noteArg any
	if note != "" {
		noteArg = note
	}
	if _, err = tx.exec(ctx, `INSERT INTO assessment_versions (assessment_id, version, status, document, created_at, note) VALUES (?, ?, ?, ?, ?, ?)`,
		a.ID, a.Version, a.Status, string(doc), formatTime(at), noteArg); err != nil {
		return err
	}
	action := "assessment.update"
	switch {
	case before == nil:
		action = "assessment.create"
	case before.Status != peel.StatusPublished && a.Status == peel.StatusPublished:
		action = "assessment.publish"
	}
	var was any // nothing, rather than a nil *versionState
	if before != nil {
		was = before
	}
	return tx.audit(ctx, action, a.Path(), was, versionState{Version: a.Version, Status: a.Status, Grade: a.Grade, Note: note})
}

// versionState is what the audit log says of an assessment's version: the
// version's full document is kept in assessment_versions.
type versionState struct {
	Version int         `json:"version"`
	Status  peel.Status `json:"status"`
	Grade   string      `json:"grade"`
	Note    string      `json:"note,omitempty"`
}

// FindAssessment returns one assessment with its narrative, or ENOTFOUND.
func (s *Store) FindAssessment(ctx context.Context, framework, organisation, pillar string) (*peel.Assessment, error) {
	var a *peel.Assessment
	err := s.readTx(ctx, func(tx *tx) (err error) {
		a, err = findAssessment(ctx, tx, framework, organisation, pillar, true)
		return err
	})
	return a, err
}

// FindAssessments returns the matching assessments without their
// narratives (no summary or judgments): what lists and tables show.
func (s *Store) FindAssessments(ctx context.Context, filter AssessmentFilter) ([]*peel.Assessment, error) {
	var list []*peel.Assessment
	err := s.readTx(ctx, func(tx *tx) (err error) {
		list, err = findAssessments(ctx, tx, filter)
		return err
	})
	return list, err
}

func findAssessment(ctx context.Context, tx *tx, framework, organisation, pillar string, narrative bool) (*peel.Assessment, error) {
	if framework == "" || organisation == "" || pillar == "" { // to the filter, "" means any
		return nil, peel.Errorf(peel.ENOTFOUND, "no assessment %s", peel.AssessmentPath(framework, organisation, pillar))
	}
	list, err := findAssessments(ctx, tx, AssessmentFilter{Framework: framework, Organisation: organisation, pillar: pillar})
	if err != nil {
		return nil, err
	} else if len(list) == 0 {
		return nil, peel.Errorf(peel.ENOTFOUND, "no assessment %s", peel.AssessmentPath(framework, organisation, pillar))
	}
	a := list[0]
	if narrative {
		return a, findNarrative(ctx, tx, a)
	}
	return a, nil
}

// due is true of a scheduled assessment whose time has come by the
// database's clock. Until the publisher records its publication, reads
// show it as published already, so that no server serves it late.
const due = `(a.status = 'scheduled' AND a.publish_at <= {{now}})`

// isPublic is true of an assessment the public may see now: published,
// withdrawn (the page stays, with its banner), or scheduled and due. Every public read (pages, lists, counts, feeds,
// search) goes through it.
const isPublic = `(a.status IN ('published', 'withdrawn') OR ` + due + `)`

// assessmentColumns and assessmentJoins read an assessment, without its
// narrative, as scanAssessment scans it, from assessments a.
const (
	assessmentColumns = `a.id, o.slug, f.slug, p.slug, a.headline, a.source, COALESCE(g.slug, ''), a.last_updated,
			CASE WHEN ` + due + ` THEN 'published' ELSE a.status END,
			CASE WHEN ` + due + ` THEN a.version + 1 ELSE a.version END,
			CASE WHEN ` + due + ` THEN NULL ELSE a.publish_at END,
			CASE WHEN ` + due + ` THEN a.publish_at ELSE a.published_at END,
			COALESCE(a.withdrawn_reason, '')`
	assessmentJoins = `
		JOIN organisations o ON o.id = a.organisation_id
		JOIN pillars p ON p.id = a.pillar_id
		JOIN frameworks f ON f.id = p.framework_id
		LEFT JOIN grades g ON g.id = a.grade_id`
)

func scanAssessment(scan func(...any) error) (*peel.Assessment, error) {
	a := &peel.Assessment{}
	var publish, published nullTime
	if err := scan(&a.ID, &a.Organisation, &a.Framework, &a.Pillar, &a.Headline, &a.Source, &a.Grade, date{&a.LastUpdated}, &a.Status, &a.Version, &publish, &published, &a.Withdrawn); err != nil {
		return nil, err
	}
	a.PublishAt, a.PublishedAt = publish.t, published.t
	return a, nil
}

func findAssessments(ctx context.Context, tx *tx, filter AssessmentFilter) ([]*peel.Assessment, error) {
	order := `f.programme, f.cycle, p.position, o.name`
	if filter.Newest {
		// What was never published comes last, as SQLite puts NULL; by
		// itself PostgreSQL would put it first.
		order = `CASE WHEN ` + due + ` THEN a.publish_at ELSE a.published_at END DESC NULLS LAST, o.name, p.position`
	}
	// Only the filter's fields that are given become conditions, each a
	// plain equality, so that the database finds the rows by its indexes
	// rather than reading every assessment.
	conds, args := []string{"1 = 1"}, []any{}
	for _, c := range []struct {
		given bool
		cond  string
		value any
	}{
		{filter.Organisation != "", `o.slug = ?`, filter.Organisation},
		{filter.Framework != "", `f.slug = ?`, filter.Framework},
		{filter.pillar != "", `p.slug = ?`, filter.pillar},
		{filter.Status != "", `a.status = ?`, filter.Status},
		{filter.id != 0, `a.id = ?`, filter.id},
	} {
		if c.given {
			conds, args = append(conds, c.cond), append(args, c.value)
		}
	}
	if filter.Public {
		conds = append(conds, isPublic)
	}
	if filter.Pages {
		conds = append(conds, `(EXISTS (SELECT 1 FROM summary_paragraphs sp WHERE sp.assessment_id = a.id)
			OR EXISTS (SELECT 1 FROM judgments j JOIN judgment_blocks b ON b.judgment_id = j.id WHERE j.assessment_id = a.id))`)
	}
	limit := ""
	if filter.Limit > 0 {
		limit, args = "LIMIT ?", append(args, filter.Limit)
	}
	var list []*peel.Assessment
	err := scanRows(ctx, tx, func(scan func(...any) error) error {
		a, err := scanAssessment(scan)
		list = append(list, a)
		return err
	}, `
		SELECT `+assessmentColumns+`
		FROM assessments a `+assessmentJoins+`
		WHERE `+strings.Join(conds, " AND ")+`
		ORDER BY `+order+` `+limit, args...)
	return list, err
}

// findNarrative loads the assessment's summary, judgments, findings and
// rationale.
func findNarrative(ctx context.Context, tx *tx, a *peel.Assessment) error {
	if err := findFindings(ctx, tx, a); err != nil {
		return err
	}
	a.Summary = nil
	err := scanRows(ctx, tx, func(scan func(...any) error) error {
		var text string
		err := scan(&text)
		a.Summary = append(a.Summary, text)
		return err
	}, `SELECT text FROM summary_paragraphs WHERE assessment_id = ? ORDER BY position`, a.ID)
	if err != nil {
		return err
	}
	a.Judgments = nil
	byID := map[int64]*peel.Judgment{}
	err = scanRows(ctx, tx, func(scan func(...any) error) error {
		var id int64
		j := &peel.Judgment{}
		if err := scan(&id, &j.Number, &j.Question, &j.Grade, &j.CarriedOver); err != nil {
			return err
		}
		a.Judgments = append(a.Judgments, j)
		byID[id] = j
		return nil
	}, `
		SELECT j.id, q.number, j.question_text, COALESCE(g.slug, ''), COALESCE(cf.slug, '')
		FROM judgments j
		JOIN questions q ON q.id = j.question_id
		LEFT JOIN grades g ON g.id = j.grade_id
		LEFT JOIN frameworks cf ON cf.id = j.carried_over_from
		WHERE j.assessment_id = ?
		ORDER BY q.number`, a.ID)
	if err != nil {
		return err
	}
	return scanRows(ctx, tx, func(scan func(...any) error) error {
		var id int64
		var kind, text string
		var href sql.NullString
		if err := scan(&id, &kind, &text, &href); err != nil {
			return err
		}
		b := peel.Block{Paragraph: text}
		if kind == "link" {
			b = peel.Block{Link: &peel.Link{Title: text, Href: href.String}}
		}
		byID[id].Body = append(byID[id].Body, b)
		return nil
	}, `
		SELECT b.judgment_id, b.kind, b.text, b.href
		FROM judgment_blocks b
		JOIN judgments j ON j.id = b.judgment_id
		WHERE j.assessment_id = ?
		ORDER BY b.judgment_id, b.position`, a.ID)
}
