package store

import (
	"bytes"
	"context"
	"encoding/json"

	"github.com/peel-oss/peel/internal/peel"
)

// FindFrameworks returns every framework, whole: scale, pillars, questions.
func (s *Store) FindFrameworks(ctx context.Context) ([]*peel.Framework, error) {
	var fws []*peel.Framework
	err := s.readTx(ctx, func(tx *tx) (err error) {
		fws, err = findFrameworks(ctx, tx, "")
		return err
	})
	return fws, err
}

// FindFrameworkBySlug returns one framework, whole, or ENOTFOUND.
func (s *Store) FindFrameworkBySlug(ctx context.Context, slug string) (*peel.Framework, error) {
	var fw *peel.Framework
	err := s.readTx(ctx, func(tx *tx) (err error) {
		fw, err = findFrameworkBySlug(ctx, tx, slug)
		return err
	})
	return fw, err
}

// SaveFramework creates the framework, or makes the stored one with its slug
// exactly as given: grades, pillars and questions that the new definition
// lacks are removed, unless something still uses them. It returns Created,
// Updated or Unchanged.
func (s *Store) SaveFramework(ctx context.Context, fw *peel.Framework) (outcome string, err error) {
	if err := fw.Validate(); err != nil {
		return "", err
	}
	err = s.inTx(ctx, func(tx *tx) error {
		old, err := findFrameworkBySlug(ctx, tx, fw.Slug)
		switch {
		case peel.ErrorCode(err) == peel.ENOTFOUND:
			outcome = Created
			fw.ID, err = tx.insert(ctx, `INSERT INTO frameworks (slug, programme, cycle) VALUES (?, ?, ?)`, fw.Slug, fw.Programme, fw.Cycle)
			old = &peel.Framework{}
		case err == nil:
			outcome = Updated
			if sameFramework(old, fw) {
				outcome = Unchanged
			}
			fw.ID = old.ID
			_, err = tx.exec(ctx, `UPDATE frameworks SET programme = ?, cycle = ? WHERE id = ?`, fw.Programme, fw.Cycle, fw.ID)
		}
		if peel.ErrorCode(tx.dialect.mapError(err)) == peel.ECONFLICT {
			return peel.Errorf(peel.ECONFLICT, "another framework is already %s", fw.Name())
		} else if err != nil {
			return err
		}
		if err := saveFrameworkParts(ctx, tx, old, fw); err != nil || outcome == Unchanged {
			return err
		}
		if outcome == Created {
			return tx.audit(ctx, "framework.create", fw.Slug, nil, fw)
		}
		if err := tx.audit(ctx, "framework.update", fw.Slug, old, fw); err != nil {
			return err
		}
		// Its assessments are found by its name and its pillars' names.
		return indexAssessments(ctx, tx, `f.id = ?`, fw.ID)
	})
	return outcome, err
}

// sameFramework reports whether two definitions say the same: their JSON
// forms, which leave out the stored IDs, are equal.
func sameFramework(a, b *peel.Framework) bool {
	x, errx := json.Marshal(a)
	y, erry := json.Marshal(b)
	return errx == nil && erry == nil && bytes.Equal(x, y)
}

func saveFrameworkParts(ctx context.Context, tx *tx, old, fw *peel.Framework) error {
	for i, g := range fw.Scale {
		id, err := tx.insert(ctx, `
			INSERT INTO grades (framework_id, slug, label, colour, position) VALUES (?, ?, ?, ?, ?)
			ON CONFLICT (framework_id, slug) DO UPDATE SET label = excluded.label, colour = excluded.colour, position = excluded.position`,
			fw.ID, g.Slug, g.Label, g.Colour, i)
		if err != nil {
			return err
		}
		g.ID = id
	}
	for _, g := range old.Scale {
		if fw.Grade(g.Slug) == nil {
			if err := remove(ctx, tx, `DELETE FROM grades WHERE id = ?`, g.ID, "grade %q is given in stored assessments and cannot be taken off the %s scale", g.Label, fw.Name()); err != nil {
				return err
			}
		}
	}
	for i, p := range fw.Pillars {
		if err := savePillar(ctx, tx, fw.ID, i, p); err != nil {
			return err
		}
		var oldQuestions []*peel.Question
		if op := old.Pillar(p.Slug); op != nil {
			oldQuestions = op.Questions
		}
		for _, q := range oldQuestions {
			if p.Question(q.Number) == nil {
				if err := remove(ctx, tx, `DELETE FROM questions WHERE id = ?`, q.ID, "%s question %d is answered in stored assessments and cannot be removed", p.Name, q.Number); err != nil {
					return err
				}
			}
		}
	}
	for _, p := range old.Pillars {
		if fw.Pillar(p.Slug) == nil {
			if err := remove(ctx, tx, `DELETE FROM pillars WHERE id = ?`, p.ID, "pillar %q has stored assessments and cannot be removed from %s", p.Name, fw.Name()); err != nil {
				return err
			}
		}
	}
	return nil
}

// savePillar creates or updates the pillar at its place in the framework,
// with its questions.
func savePillar(ctx context.Context, tx *tx, frameworkID int64, position int, p *peel.Pillar) error {
	id, err := tx.insert(ctx, `
		INSERT INTO pillars (framework_id, slug, name, headline, position) VALUES (?, ?, ?, ?, ?)
		ON CONFLICT (framework_id, slug) DO UPDATE SET name = excluded.name, headline = excluded.headline, position = excluded.position`,
		frameworkID, p.Slug, p.Name, p.Headline, position)
	if err != nil {
		return err
	}
	p.ID = id
	for _, q := range p.Questions {
		id, err := tx.insert(ctx, `
			INSERT INTO questions (pillar_id, number, text) VALUES (?, ?, ?)
			ON CONFLICT (pillar_id, number) DO UPDATE SET text = excluded.text`,
			p.ID, q.Number, q.Text)
		if err != nil {
			return err
		}
		q.ID = id
	}
	return nil
}

// remove deletes one row, and says why not in the message given when
// something still refers to it.
func remove(ctx context.Context, tx *tx, query string, id int64, format string, args ...any) error {
	_, err := tx.exec(ctx, query, id)
	if peel.ErrorCode(tx.dialect.mapError(err)) == peel.ECONFLICT {
		return peel.Errorf(peel.ECONFLICT, format, args...)
	}
	return err
}

func findFrameworkBySlug(ctx context.Context, tx *tx, slug string) (*peel.Framework, error) {
	if slug == "" { // to findFrameworks, "" means all
		return nil, peel.Errorf(peel.ENOTFOUND, "no framework %q", slug)
	}
	fws, err := findFrameworks(ctx, tx, slug)
	if err != nil {
		return nil, err
	} else if len(fws) == 0 {
		return nil, peel.Errorf(peel.ENOTFOUND, "no framework %q", slug)
	}
	return fws[0], nil
}

// findFrameworks loads frameworks (all, or the one with the slug) and their
// parts in four queries.
func findFrameworks(ctx context.Context, tx *tx, slug string) ([]*peel.Framework, error) {
	var fws []*peel.Framework
	byID := map[int64]*peel.Framework{}
	err := scanRows(ctx, tx, func(scan func(...any) error) error {
		f := &peel.Framework{}
		if err := scan(&f.ID, &f.Slug, &f.Programme, &f.Cycle); err != nil {
			return err
		}
		fws = append(fws, f)
		byID[f.ID] = f
		return nil
	}, `SELECT id, slug, programme, cycle FROM frameworks WHERE (? = '' OR slug = ?) ORDER BY programme, cycle`, slug, slug)
	if err != nil {
		return nil, err
	}
	err = scanRows(ctx, tx, func(scan func(...any) error) error {
		var fid int64
		g := &peel.Grade{}
		if err := scan(&fid, &g.ID, &g.Slug, &g.Label, &g.Colour); err != nil {
			return err
		}
		if f := byID[fid]; f != nil {
			f.Scale = append(f.Scale, g)
		}
		return nil
	}, `SELECT framework_id, id, slug, label, colour FROM grades WHERE framework_id IN (SELECT id FROM frameworks WHERE ? = '' OR slug = ?) ORDER BY framework_id, position`, slug, slug)
	if err != nil {
		return nil, err
	}
	pillars := map[int64]*peel.Pillar{}
	err = scanRows(ctx, tx, func(scan func(...any) error) error {
		var fid int64
		p := &peel.Pillar{}
		if err := scan(&fid, &p.ID, &p.Slug, &p.Name, &p.Headline); err != nil {
			return err
		}
		if f := byID[fid]; f != nil {
			f.Pillars = append(f.Pillars, p)
			pillars[p.ID] = p
		}
		return nil
	}, `SELECT framework_id, id, slug, name, headline FROM pillars WHERE framework_id IN (SELECT id FROM frameworks WHERE ? = '' OR slug = ?) ORDER BY framework_id, position`, slug, slug)
	if err != nil {
		return nil, err
	}
	return fws, scanRows(ctx, tx, func(scan func(...any) error) error {
		var pid int64
		q := &peel.Question{}
		if err := scan(&pid, &q.ID, &q.Number, &q.Text); err != nil {
			return err
		}
		if p := pillars[pid]; p != nil {
			p.Questions = append(p.Questions, q)
		}
		return nil
	}, `SELECT pillar_id, id, number, text FROM questions WHERE pillar_id IN (SELECT id FROM pillars WHERE framework_id IN (SELECT id FROM frameworks WHERE ? = '' OR slug = ?)) ORDER BY pillar_id, number`, slug, slug)
}

// scanRows runs a query and hands each row to fn.
func scanRows(ctx context.Context, tx *tx, fn func(scan func(...any) error) error, query string, args ...any) error {
	rows, err := tx.query(ctx, query, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := fn(rows.Scan); err != nil {
			return err
		}
	}
	return rows.Err()
}
