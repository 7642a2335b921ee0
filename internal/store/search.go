package store

import (
	"context"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/peel-oss/peel/internal/peel"
)

// SearchFilter is a search of the public assessments: the reader's words,
// and what to narrow them to (zero fields match all).
type SearchFilter struct {
	Query        string
	Organisation string // slug
	Framework    string // slug
	Pillar       string // slug
	Grade        string // slug of the pillar's grade
	Offset       int
	Limit        int // 0 for no limit
}

// SearchResult is one assessment found, with a passage of its text.
type SearchResult struct {
	Assessment *peel.Assessment // without its narrative
	Snippet    []Fragment
}

// Fragment is a run of a snippet's text: Match when it is one of the
// words searched for.
type Fragment struct {
	Text  string
	Match bool
}

// searchSQL is how an engine searches search_documents.
type searchSQL struct {
	// from finds the documents that match the query, its one
	// placeholder, and joins each one's assessment as a.
	from string
	// order ranks them, best first.
	order string
	// newest orders them newest first, cheaply: where too many match for
	// ranking to be quick, or to tell them apart.
	newest string
	// snippets selects (assessment id, passage) for the query, its first
	// placeholder, of the documents whose ids follow in IN (…). Matched
	// words are between markStart and markEnd.
	snippets string
}

// The markers of matched words in a passage: characters for private use,
// which no narrative needs, so that the web layer can escape the text
// first and mark the words after.
const (
	markStart = "\ue000"
	markEnd   = "\ue001"
)

var sqliteSearch = searchSQL{
	from:   `search_index(?) JOIN assessments a ON a.id = search_index.rowid`,
	order:  `bm25(search_index, 4.0, 1.0)`, // a force's or cycle's name counts more than a word of text
	newest: `search_index.rowid DESC`,      // FTS5 reads its matches in this order, and stops at the LIMIT
	snippets: `SELECT rowid, snippet(search_index, 1, '` + markStart + `', '` + markEnd + `', '…', 40)
		FROM search_index(?) WHERE rowid IN `,
}

var postgresSearch = searchSQL{
	from: `search_documents s JOIN websearch_to_tsquery('english', ?) tsq ON s.document @@ tsq
		JOIN assessments a ON a.id = s.assessment_id`,
	order:  `ts_rank(s.document, tsq) DESC`,
	newest: `s.assessment_id DESC`,
	snippets: `SELECT assessment_id, ts_headline('english', text, websearch_to_tsquery('english', ?),
			'StartSel="` + markStart + `", StopSel="` + markEnd + `", MinWords=25, MaxWords=45, MaxFragments=2, FragmentDelimiter=" … "')
		FROM search_documents WHERE assessment_id IN `,
}

// searchQuery turns what a reader typed into a query that is safe for
// either engine: each word, or each run of words in double quotes, becomes
// a quoted phrase, and all of them must match. Nothing the reader types is
// taken as the engine's syntax (NEAR, OR, -, *, parentheses, column
// names), and what holds no letter or digit is left out. "" means there is
// nothing to search for.
func searchQuery(q string) string {
	if len(q) > maxSearchBytes {
		q = q[:maxSearchBytes]
	}
	// Neither engine takes every string: PostgreSQL refuses NUL and bytes
	// that are not UTF-8. Control characters, and the markers, are spaces.
	q = strings.Map(func(r rune) rune {
		if r == utf8.RuneError || unicode.IsControl(r) || unicode.Is(unicode.Co, r) {
			return ' '
		}
		return r
	}, q)
	var terms []string
	add := func(term string) {
		if strings.IndexFunc(term, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsNumber(r) }) >= 0 && len(terms) < maxSearchTerms {
			terms = append(terms, `"`+strings.Join(strings.Fields(term), " ")+`"`)
		}
	}
	for i, part := range strings.Split(q, `"`) {
		if i%2 == 1 { // between quotes (an unclosed quote runs to the end)
			add(part)
			continue
		}
		for _, word := range strings.Fields(part) {
			add(word)
		}
	}
	return strings.Join(terms, " ")
}

// maxSearchTerms and maxSearchBytes bound the work one search can ask for.
const (
	maxSearchTerms = 16
	maxSearchBytes = 1000
)

// SearchCountLimit is as far as Search counts: a search that finds more
// says it found this many. Counting costs time in proportion to what
// matches, and no reader pages through so many.
const SearchCountLimit = 10000

// searchRankLimit is how many matches Search ranks by relevance at most:
// with 10,000 forces over 10 cycles, ranking the 300,000 assessments that
// hold a common word takes most of a second. More matches than that come
// newest first, which FTS5 reads in order and stops at the page's end.
const searchRankLimit = 2000

// searchLimits are SearchCountLimit and searchRankLimit, or others that a
// test sets; zero means the constant.
type searchLimits struct{ count, rank int }

func (s *Store) searchLimits() (count, rank int) {
	count, rank = SearchCountLimit, searchRankLimit
	if s.limits.count > 0 {
		count = s.limits.count
	}
	if s.limits.rank > 0 {
		rank = s.limits.rank
	}
	return count, rank
}

// Search finds the public assessments whose words match the query's: their
// headline question, summary and narrative, and their force's, cycle's and
// pillar's names. It returns a page of them, best first, and how many there
// are in all, up to SearchCountLimit. A query with no words finds nothing.
func (s *Store) Search(ctx context.Context, filter SearchFilter) ([]*SearchResult, int, error) {
	q := searchQuery(filter.Query)
	if q == "" {
		return nil, 0, nil
	}
	where, args := []string{isPublic}, []any{q}
	for _, f := range []struct{ column, value string }{
		{"o.slug", filter.Organisation}, {"f.slug", filter.Framework}, {"p.slug", filter.Pillar}, {"g.slug", filter.Grade},
	} {
		if f.value != "" {
			where, args = append(where, f.column+" = ?"), append(args, f.value)
		}
	}
	found := `FROM ` + s.dialect.search.from + ` ` + assessmentJoins + ` WHERE ` + strings.Join(where, " AND ")
	var list []*SearchResult
	var total int
	countLimit, rankLimit := s.searchLimits()
	err := s.readTx(ctx, func(tx *tx) error {
		if err := tx.queryRow(ctx, `SELECT COUNT(*) FROM (SELECT 1 `+found+` LIMIT ?) found`, append(args, countLimit)...).Scan(&total); err != nil {
			return err
		}
		// Equals come newest cycle first.
		order := s.dialect.search.order + `, f.programme, f.cycle DESC, p.position, o.name`
		if total > rankLimit {
			order = s.dialect.search.newest
		}
		limit := ""
		if filter.Limit > 0 {
			limit = `LIMIT ? OFFSET ?`
			args = append(args, filter.Limit, filter.Offset)
		}
		byID := map[int64]*SearchResult{}
		err := scanRows(ctx, tx, func(scan func(...any) error) error {
			a, err := scanAssessment(scan)
			if err != nil {
				return err
			}
			r := &SearchResult{Assessment: a}
			list, byID[a.ID] = append(list, r), r
			return nil
		}, `SELECT `+assessmentColumns+` `+found+` ORDER BY `+order+` `+limit, args...)
		if err != nil || len(list) == 0 {
			return err
		}
		// Passages only for the page: making one costs more than finding.
		var ids []int64
		for _, r := range list {
			ids = append(ids, r.Assessment.ID)
		}
		return scanSnippets(ctx, tx, s.dialect.search.snippets, q, ids, func(id int64, f []Fragment) { byID[id].Snippet = f })
	})
	return list, total, err
}

// scanSnippets reads the passages that query (a searchSQL's snippets)
// makes for q of the documents with the ids, and gives each to set.
func scanSnippets(ctx context.Context, tx *tx, query, q string, ids []int64, set func(id int64, f []Fragment)) error {
	return scanRows(ctx, tx, func(scan func(...any) error) error {
		var id int64
		var snippet string
		if err := scan(&id, &snippet); err != nil {
			return err
		}
		set(id, fragments(snippet))
		return nil
	}, query+`(`+placeholders(len(ids))+`)`, append([]any{q}, anys(ids)...)...)
}

// fragments splits a passage at its markers. A marker that stands in the
// text itself can only turn marking on or off: every fragment is text.
func fragments(snippet string) []Fragment {
	var list []Fragment
	match := false
	for snippet != "" {
		i := strings.IndexAny(snippet, markStart+markEnd)
		if i < 0 {
			i = len(snippet)
		}
		if i > 0 {
			list = append(list, Fragment{Text: snippet[:i], Match: match})
		}
		if i == len(snippet) {
			break
		}
		match = strings.HasPrefix(snippet[i:], markStart)
		snippet = snippet[i+len(markStart):] // both markers are three bytes long
	}
	return list
}

// indexAssessments rewrites the search documents of the assessments that
// cond (over a, o, p, f and g, with its arguments) picks: after their
// content changes, or the names of what they belong to.
func indexAssessments(ctx context.Context, tx *tx, cond string, args ...any) error {
	picked := `(SELECT a.id FROM assessments a ` + assessmentJoins + ` WHERE ` + cond + `)`
	if _, err := tx.exec(ctx, `DELETE FROM search_documents WHERE assessment_id IN `+picked, args...); err != nil {
		return err
	}
	_, err := tx.exec(ctx, `
		INSERT INTO search_documents (assessment_id, names, text)
		SELECT assessment_id, names, text FROM search_sources WHERE assessment_id IN `+picked, args...)
	return err
}
