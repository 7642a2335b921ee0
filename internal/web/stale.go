package web

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"time"

	"github.com/peel-oss/peel/internal/peel"
	"github.com/peel-oss/peel/internal/store"
)

// The inspectorate's view of the recommendations a force has not updated
// for some months: each addressed force still open (awaiting review or
// being progressed) whose latest entry is older than the months chosen,
// the oldest update first. A liaison sees only their own force's.

const (
	staleDefaultMonths = 6
	staleMaxMonths     = 120
	stalePerPage       = 50
)

// staleMonthChoices are the months the view's menu offers.
var staleMonthChoices = []int{1, 2, 3, 6, 9, 12, 18, 24}

type editorStalePage struct {
	page
	Months  int
	Choices []option
	Rows    []staleRow
	Pager   pager
	CSV     string // the download of the whole list
}

// staleRow is one addressed force of the view.
type staleRow struct {
	*peel.StaleAddressee
	MonthsAgo int    // whole UK calendar months since its latest entry
	PastDue   bool   // its due day has passed
	Path      string // the force's history in the editor
}

// staleMonths reads ?months=: a whole number from 1 to staleMaxMonths,
// staleDefaultMonths when not given.
func staleMonths(q url.Values) (int, error) {
	raw := q.Get("months")
	if raw == "" {
		return staleDefaultMonths, nil
	}
	n, err := strconv.Atoi(raw)
	if err != nil || n < 1 || n > staleMaxMonths {
		return 0, peel.Errorf(peel.EINVALID, "months: %q is not a whole number of months from 1 to %d", raw, staleMaxMonths)
	}
	return n, nil
}

// staleRows are the list's rows as pages and downloads show them.
func staleRows(list []*peel.StaleAddressee, now time.Time) []staleRow {
	rows := make([]staleRow, len(list))
	for i, a := range list {
		rows[i] = staleRow{StaleAddressee: a, MonthsAgo: peel.MonthsBetween(peel.UKDate(a.Latest.At), peel.UKDate(now)),
			PastDue: a.PastDue(now), Path: editorRecommendationPath(a.Recommendation) + "/" + url.PathEscape(a.Organisation)}
	}
	return rows
}

// staleRequest reads the view's session and months, and the store's
// filter of them at now; nil when it has answered already.
func (s *Server) staleRequest(w http.ResponseWriter, r *http.Request) (*peel.Session, int, store.StaleFilter, time.Time) {
	sess := s.editorSession(w, r)
	if sess == nil {
		return nil, 0, store.StaleFilter{}, time.Time{}
	}
	months, err := staleMonths(r.URL.Query())
	if err != nil {
		s.editorError(w, r, sess, err)
		return nil, 0, store.StaleFilter{}, time.Time{}
	}
	now := s.Now()
	f := store.StaleFilter{Before: peel.StaleBefore(now, months)}
	if sess.User.Role == peel.RoleLiaison {
		// A liaison sees only their own force's public recommendations.
		f.Organisation, f.Public = sess.User.Organisation, true
	}
	return sess, months, f, now
}

func (s *Server) handleEditorStale(w http.ResponseWriter, r *http.Request) {
	sess, months, f, now := s.staleRequest(w, r)
	if sess == nil {
		return
	}
	pg, list, err := readPage(r, stalePerPage, 200, func(limit, offset int) ([]*peel.StaleAddressee, int, error) {
		f.Limit, f.Offset = limit, offset
		return s.Store.FindStaleAddressees(r.Context(), f)
	})
	if err == nil && pg.Beyond() {
		err = errNoPage(pg)
	}
	if err != nil {
		s.editorError(w, r, sess, err)
		return
	}
	data := &editorStalePage{page: s.editorFrame(r, "Recommendations with no recent update", sess), Months: months, Pager: pg,
		Rows: staleRows(list, now), CSV: "/editor/recommendations/stale.csv?months=" + strconv.Itoa(months)}
	data.Breadcrumbs = []crumb{{"Assessments", "/editor"}, {"Recommendations", "/editor/recommendations"}}
	for _, n := range staleMonthChoices {
		data.Choices = append(data.Choices, option{Value: strconv.Itoa(n), Text: monthsText(n), Selected: n == months})
	}
	if !slices.Contains(staleMonthChoices, months) {
		data.Choices = append(data.Choices, option{Value: strconv.Itoa(months), Text: monthsText(months), Selected: true})
	}
	s.render(w, r, http.StatusOK, "editor-recommendations-stale.html", data)
}

// staleColumns are the columns of the view's download.
var staleColumns = []string{"recommendation", "text", "organisation", "organisation_name", "status", "last_entry_at", "months_since", "due", "past_due", "url"}

// handleEditorStaleCSV serves the whole view, unpaged, as CSV.
func (s *Server) handleEditorStaleCSV(w http.ResponseWriter, r *http.Request) {
	sess, _, f, now := s.staleRequest(w, r)
	if sess == nil {
		return
	}
	list, _, err := s.Store.FindStaleAddressees(r.Context(), f)
	if err != nil {
		s.editorError(w, r, sess, err)
		return
	}
	var rows [][]string
	for _, row := range staleRows(list, now) {
		due := ""
		if !row.Due.IsZero() {
			due = row.Due.String()
		}
		rows = append(rows, []string{strconv.FormatInt(row.Recommendation, 10), row.Text, row.Organisation, row.Name, string(row.Latest.Status),
			row.Latest.At.UTC().Format(time.RFC3339), strconv.Itoa(row.MonthsAgo), due, strconv.FormatBool(row.PastDue), s.BaseURL + row.Path})
	}
	s.writeCSV(w, r, "stale-recommendations.csv", staleColumns, rows)
}

// monthsText is "1 month", "6 months".
func monthsText(n int) string {
	if n == 1 {
		return "1 month"
	}
	return strconv.Itoa(n) + " months"
}
