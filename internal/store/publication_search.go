package store

import (
	"context"
	"strings"

	"github.com/peel-oss/peel/internal/peel"
)

// How each engine searches publication_search, as searchSQL says; p is
// the publication. (newest is not used: publications are few.)
var (
	sqlitePublicationSearch = searchSQL{
		from:  `publication_search_index(?) JOIN publications p ON p.id = publication_search_index.rowid`,
		order: `bm25(publication_search_index, 4.0, 1.0)`,
		snippets: `SELECT rowid, snippet(publication_search_index, 1, '` + markStart + `', '` + markEnd + `', '…', 40)
			FROM publication_search_index(?) WHERE rowid IN `,
	}
	postgresPublicationSearch = searchSQL{
		from: `publication_search s JOIN websearch_to_tsquery('english', ?) tsq ON s.document @@ tsq
			JOIN publications p ON p.id = s.publication_id`,
		order: `ts_rank(s.document, tsq) DESC`,
		snippets: `SELECT publication_id, ts_headline('english', text, websearch_to_tsquery('english', ?),
				'StartSel="` + markStart + `", StopSel="` + markEnd + `", MinWords=25, MaxWords=45, MaxFragments=2, FragmentDelimiter=" … "')
			FROM publication_search WHERE publication_id IN `,
	}
)

// PublicationResult is one publication found, with a passage of its text.
type PublicationResult struct {
	Publication *peel.Publication // without its organisations and scale
	Snippet     []Fragment
}

// SearchPublications finds the public publications whose words match the
// query's (as Search reads it): their title, summary, body, and their
// outcomes' organisations and narratives; with an organisation, only those
// that cover it or record its outcome. It returns the best limit of them,
// best first, and how many match in all.
func (s *Store) SearchPublications(ctx context.Context, query, organisation string, limit int) ([]*PublicationResult, int, error) {
	q := searchQuery(query)
	if q == "" {
		return nil, 0, nil
	}
	where, args := []string{pubPublic}, []any{q}
	if organisation != "" {
		where, args = append(where, `EXISTS (SELECT 1 FROM organisations o WHERE o.slug = ? AND (
			EXISTS (SELECT 1 FROM publication_organisations po WHERE po.publication_id = p.id AND po.organisation_id = o.id)
			OR EXISTS (SELECT 1 FROM publication_outcomes x WHERE x.publication_id = p.id AND x.organisation_id = o.id)))`), append(args, organisation)
	}
	found := `FROM ` + s.dialect.pubSearch.from + ` WHERE ` + strings.Join(where, " AND ")
	var list []*PublicationResult
	var total int
	err := s.readTx(ctx, func(tx *tx) error {
		if err := tx.queryRow(ctx, `SELECT COUNT(*) `+found, args...).Scan(&total); err != nil {
			return err
		}
		var slugs []string
		err := scanRows(ctx, tx, func(scan func(...any) error) error {
			var slug string
			err := scan(&slug)
			slugs = append(slugs, slug)
			return err
		}, `SELECT p.slug `+found+` ORDER BY `+s.dialect.pubSearch.order+`, p.slug LIMIT ?`, append(args, limit)...)
		if err != nil || len(slugs) == 0 {
			return err
		}
		byID := map[int64]*PublicationResult{}
		var ids []int64
		for _, slug := range slugs {
			p, err := findPublication(ctx, tx, slug)
			if err != nil {
				return err
			}
			r := &PublicationResult{Publication: p}
			list, byID[p.ID], ids = append(list, r), r, append(ids, p.ID)
		}
		return scanSnippets(ctx, tx, s.dialect.pubSearch.snippets, q, ids, func(id int64, f []Fragment) { byID[id].Snippet = f })
	})
	return list, total, err
}

// indexPublication rewrites a publication's search document: after its
// content or its outcomes change.
func indexPublication(ctx context.Context, tx *tx, p *peel.Publication) error {
	text := []string{p.Summary}
	text = append(text, p.Body...)
	outcomes, err := findOutcomes(ctx, tx, OutcomeFilter{Publication: p.Slug})
	if err != nil {
		return err
	}
	for _, o := range outcomes {
		var name string
		if err := tx.queryRow(ctx, `SELECT name FROM organisations WHERE slug = ?`, o.Organisation).Scan(&name); err != nil {
			return err
		}
		text = append(append(text, name), o.Narrative...)
	}
	if _, err := tx.exec(ctx, `DELETE FROM publication_search WHERE publication_id = ?`, p.ID); err != nil {
		return err
	}
	_, err = tx.exec(ctx, `INSERT INTO publication_search (publication_id, names, text) VALUES (?, ?, ?)`, p.ID, p.Title, strings.Join(text, " "))
	return err
}
