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

// staleFilter is the store's filter of the view for the user at now: a
// liaison only their own force's public recommendations.
func staleFilter(u *peel.User, now time.Time, months int) store.StaleFilter {
	f := store.StaleFilter{Before: peel.StaleBefore(now, months)}
	if u.Role == peel.RoleLiaison {
		f.Organisation, f.Public = u.Organisation, true
	}
	return f
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

func (s *Server) handleEditorStale(w http.ResponseWriter, r *http.Request) {
	sess := s.editorSession(w, r)
	if sess == nil {
		return
	}
	months, err := staleMonths(r.URL.Query())
	if err != nil {
		s.editorError(w, r, sess, err)
		return
	}
	pg, err := parsePager(r, stalePerPage, 200)
	if err != nil {
		s.editorError(w, r, sess, err)
		return
	}
	now := s.Now()
	f := staleFilter(sess.User, now, months)
	f.Limit, f.Offset = pg.PerPage, pg.Offset()
	list, total, err := s.Store.FindStaleAddressees(r.Context(), f)
	if err != nil {
		s.editorError(w, r, sess, err)
		return
	}
	if pg.Total = total; pg.Beyond() {
		s.editorError(w, r, sess, peel.Errorf(peel.ENOTFOUND, "no page %d", pg.Page))
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
	sess := s.editorSession(w, r)
	if sess == nil {
		return
	}
	months, err := staleMonths(r.URL.Query())
	if err != nil {
		s.editorError(w, r, sess, err)
		return
	}
	now := s.Now()
	list, _, err := s.Store.FindStaleAddressees(r.Context(), staleFilter(sess.User, now, months))
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
