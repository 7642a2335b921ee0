package importer

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/peel-oss/peel/internal/peel"
	"github.com/peel-oss/peel/internal/store"
)

// recommendationColumns are the columns a table of recommendations needs;
// id (to change one stored already) and due may be there too.
var recommendationColumns = []string{"issued_in", "text", "theme", "organisations"}

// ImportRecommendations reads a table of recommendations (CSV with a
// header: id, issued_in, text, theme, due, organisations) and stores it,
// all or nothing. issued_in is a publication's slug or an assessment's
// framework/organisation/pillar; organisations is "all" (every force) or
// slugs separated by ";"; due is YYYY-MM-DD or empty; id, when given,
// names a stored recommendation to change. A mistake is told at its line,
// naming the column. It says how many it created and changed.
func (im *Importer) ImportRecommendations(ctx context.Context, name string, data []byte) (string, error) {
	var list []*peel.Recommendation
	var lines []int
	seen := map[int64]int{}
	err := eachRow(name, data, "recommendations", recommendationColumns, func(line int, get func(string) string) error {
		at := func(field, format string, args ...any) error {
			return &LineError{File: name, Line: line, Problem: field + ": " + fmt.Sprintf(format, args...)}
		}
		r := &peel.Recommendation{IssuedIn: strings.Trim(get("issued_in"), "/"), Text: get("text"), Theme: get("theme")}
		if id := get("id"); id != "" {
			n, err := strconv.ParseInt(id, 10, 64)
			if err != nil || n <= 0 {
				return at("id", "%q is not a recommendation's number", id)
			}
			if first, ok := seen[n]; ok {
				return at("id", "recommendation %d is at line %d already", n, first)
			}
			seen[n], r.ID = line, n
		}
		if due := get("due"); due != "" {
			d, err := peel.ParseDate(due)
			if err != nil {
				return at("due", "%q is not a date (YYYY-MM-DD)", due)
			}
			r.Due = d
		}
		switch orgs := get("organisations"); strings.ToLower(orgs) {
		case "all":
			r.AllForces = true
		default:
			for _, o := range strings.Split(orgs, ";") {
				if o = strings.TrimSpace(o); o != "" {
					r.Organisations = append(r.Organisations, o)
				}
			}
		}
		if err := r.Validate(); err != nil {
			return &LineError{File: name, Line: line, Problem: peel.ErrorMessage(err)}
		}
		list, lines = append(list, r), append(lines, line)
		return nil
	})
	if err != nil {
		return "", err
	}
	created := 0
	for _, r := range list {
		if r.ID == 0 {
			created++
		}
	}
	err = im.Store.SaveRecommendations(ctx, list)
	if re := (*store.RecommendationError)(nil); errors.As(err, &re) && peel.ErrorCode(err) != peel.EINTERNAL {
		return "", &LineError{File: name, Line: lines[re.Index], Problem: peel.ErrorMessage(err)}
	} else if err != nil {
		return "", fileError(name, err)
	}
	return fmt.Sprintf("%d created, %d changed", created, len(list)-created), nil
}
