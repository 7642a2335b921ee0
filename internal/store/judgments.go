package store

import (
	"context"

	"github.com/peel-oss/peel/internal/peel"
)

// JudgmentRow is one graded item the public may see, with the names it is
// shown by: a row of the open data.
type JudgmentRow struct {
	peel.GradedItem
	FrameworkName    string // "PEEL 2016"
	OrganisationName string
	Region           string
	PillarName       string
	GradeLabel       string // as on the scale; "" when not graded
}

// EachJudgment calls fn with each graded item of every assessment the
// public may see now that the filter matches (its limit and offset aside):
// each assessment's pillar grade, then its questions' grades, by framework,
// organisation, pillar and question. The rows are read from one snapshot
// and handed over as they are read, so that a download of them all is
// never held whole in memory.
func (s *Store) EachJudgment(ctx context.Context, f PublicFilter, fn func(*JudgmentRow) error) error {
	pillarWhere, args := f.where("a.grade_id")
	questionWhere, questionArgs := f.where("j.grade_id")
	return s.readTx(ctx, func(tx *tx) error {
		return scanRows(ctx, tx, func(scan func(...any) error) error {
			r := &JudgmentRow{}
			var programme, cycle string
			var position int
			if err := scan(&r.Framework, &programme, &cycle, &r.Organisation, &r.OrganisationName, &r.Region, &r.Pillar, &r.PillarName, &position,
				&r.Question, &r.QuestionText, &r.Grade, &r.GradeLabel, date{&r.LastUpdated}, &r.Source); err != nil {
				return err
			}
			r.FrameworkName = (&peel.Framework{Programme: programme, Cycle: cycle}).Name()
			return fn(r)
		}, `
			SELECT f.slug AS framework, f.programme AS programme, f.cycle AS cycle, o.slug AS organisation, o.name, o.region,
				p.slug, p.name, p.position AS position, 0 AS question, '' AS question_text,
				COALESCE(g.slug, ''), COALESCE(g.label, ''), a.last_updated, a.source
			FROM assessments a `+assessmentJoins+`
			WHERE `+pillarWhere+`
			UNION ALL
			SELECT f.slug, f.programme, f.cycle, o.slug, o.name, o.region,
				p.slug, p.name, p.position, q.number, j.question_text,
				COALESCE(g.slug, ''), COALESCE(g.label, ''), a.last_updated, a.source
			FROM judgments j
			JOIN questions q ON q.id = j.question_id
			JOIN assessments a ON a.id = j.assessment_id
			JOIN organisations o ON o.id = a.organisation_id
			JOIN pillars p ON p.id = a.pillar_id
			JOIN frameworks f ON f.id = p.framework_id
			LEFT JOIN grades g ON g.id = j.grade_id
			WHERE `+questionWhere+`
			ORDER BY programme, cycle, framework, organisation, position, question`, append(args, questionArgs...)...)
	})
}
