package web_test

import (
	"encoding/csv"
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/peel-oss/peel/internal/fixture"
	"github.com/peel-oss/peel/internal/peel"
)

// TestResponses records a police and crime commissioner's response in the
// editor, as the force's own liaison and no one else's, and reads the
// responses due, overdue and received on the public pages, the download
// and the API, which agree; the server's clock is moved on to see one
// turn overdue on the 57th day.
func TestResponses(t *testing.T) {
	for _, b := range fixture.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			s := stepSite(t, b)
			addUser(t, s.store, &peel.User{Email: "cumbria@example.org", Role: peel.RoleLiaison, Organisation: "cumbria"}, samplePassword)
			bringTo(t, s.store, "cumbria", peel.StatusPublished)
			bringTo(t, s.store, "norfolk", peel.StatusPublished)
			bringTo(t, s.store, "surrey", peel.StatusApproved)
			const cumbria, norfolk, surrey = "/peel-assessments/peel-2016/cumbria/legitimacy", "/peel-assessments/peel-2016/norfolk/legitimacy", "/peel-assessments/peel-2016/surrey/legitimacy"
			today := time.Now().In(peel.UKTime)
			form := func(report, org, address string) url.Values {
				return url.Values{"report": {report}, "organisation": {org}, "url": {address},
					"date-day": {strconv.Itoa(today.Day())}, "date-month": {strconv.Itoa(int(today.Month()))}, "date-year": {strconv.Itoa(today.Year())}}
			}
			recordPath := func(report, org string) string {
				return "/editor/responses/record?" + url.Values{"report": {report}, "organisation": {org}}.Encode()
			}
			const address = "https://example.org/sample-response"

			t.Run("OKDue", func(t *testing.T) {
				for path, want := range map[string]string{
					"/responses":      "Due in 56 days",
					cumbria:           "response is due by",
					"/forces/cumbria": "Due in 56 days",
					"/responses?status=due&organisation=cumbria": cumbria,
				} {
					if res, page := s.get(t, path); res.StatusCode != http.StatusOK || !strings.Contains(page, want) {
						t.Errorf("%s: status %d, without %q", path, res.StatusCode, want)
					}
				}
				if _, page := s.get(t, "/responses"); strings.Contains(page, surrey) {
					t.Errorf("/responses names the unpublished %s", surrey)
				}
			})
			t.Run("OKEditorReportFilter", func(t *testing.T) {
				inspector := signedIn(t, s, "inspector@example.org")
				_, page := inspector.do(t, "GET", "/editor/responses", nil)
				if !strings.Contains(page, `id="filter-report" name="report"`) || !strings.Contains(page, `<option value="`+cumbria+`">`) ||
					!strings.Contains(page, `<option value="`+norfolk+`">`) || strings.Contains(page, `<option value="`+surrey+`"`) {
					t.Errorf("/editor/responses does not offer the published reports, and only those, to filter by")
				}
				_, page = inspector.do(t, "GET", "/editor/responses?report="+url.QueryEscape(cumbria), nil)
				if !strings.Contains(page, `<option value="`+cumbria+`" selected>`) || strings.Contains(page, `href="`+norfolk+`"`) {
					t.Errorf("/editor/responses?report= does not list Cumbria's report only, chosen in the menu")
				}
				if _, page := s.get(t, "/responses"); strings.Contains(page, `name="report"`) {
					t.Errorf("the public list offers the report menu, which is the inspectorate's")
				}
			})
			t.Run("ErrForbidden", func(t *testing.T) {
				for _, email := range []string{"essex@example.org", "moderator@example.org"} {
					br := signedIn(t, s, email)
					if res, _ := br.do(t, "GET", recordPath(cumbria, "cumbria"), nil); res.StatusCode != http.StatusForbidden {
						t.Errorf("%s: GET the form: status %d, want 403", email, res.StatusCode)
					}
					before := auditCount(t, s.store)
					if res, _ := br.postForm(t, "/editor/responses", "/editor/responses/record", form(cumbria, "cumbria", address)); res.StatusCode != http.StatusForbidden {
						t.Errorf("%s: POST: status %d, want 403", email, res.StatusCode)
					}
					if auditCount(t, s.store) != before {
						t.Errorf("%s: a refused response changed something", email)
					}
					if _, page := br.do(t, "GET", "/editor/responses?organisation=cumbria", nil); strings.Contains(page, "/editor/responses/record?") {
						t.Errorf("%s is offered the form for another force's response", email)
					}
				}
			})
			t.Run("ErrUnpublished", func(t *testing.T) {
				br := signedIn(t, s, "admin@example.org")
				if res, _ := br.do(t, "GET", recordPath(surrey, "surrey"), nil); res.StatusCode != http.StatusNotFound {
					t.Errorf("the form for an unpublished report: status %d, want 404", res.StatusCode)
				}
			})
			liaison := signedIn(t, s, "cumbria@example.org")
			t.Run("ErrURL", func(t *testing.T) {
				res, page := liaison.postForm(t, recordPath(cumbria, "cumbria"), "/editor/responses/record", form(cumbria, "cumbria", "example.org/response"))
				if res.StatusCode != http.StatusBadRequest || !strings.Contains(page, "Enter the response&#39;s web address") {
					t.Errorf("status %d, want 400 naming the address:\n%s", res.StatusCode, page)
				}
			})
			t.Run("OKOwnLiaison", func(t *testing.T) {
				res, _ := liaison.postForm(t, recordPath(cumbria, "cumbria"), "/editor/responses/record", form(cumbria, "cumbria", address))
				if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/editor/responses?done=recorded" {
					t.Fatalf("status %d to %s, want 303 to the list", res.StatusCode, res.Header.Get("Location"))
				}
				for path, want := range map[string]string{
					"/responses?status=received": `href="` + address + `"`,
					cumbria:                      `<a class="govuk-link" href="` + address + `">response</a> was published on`,
				} {
					if _, page := s.get(t, path); !strings.Contains(page, want) {
						t.Errorf("%s: without %q", path, want)
					}
				}
			})

			// Noon in UK time on the 57th day after the reports' day.
			day57 := time.Date(today.Year(), today.Month(), today.Day()+57, 12, 0, 0, 0, peel.UKTime)
			s.shift.Store(int64(time.Until(day57)))
			t.Run("OKOverdue", func(t *testing.T) {
				_, page := s.get(t, "/responses?status=overdue")
				if !strings.Contains(page, norfolk) || !strings.Contains(page, "Overdue by 1 day") || strings.Contains(page, cumbria) {
					t.Errorf("/responses?status=overdue does not list Norfolk's only, overdue by a day:\n%s", page)
				}
				if _, page := s.get(t, norfolk); !strings.Contains(page, "response is overdue since") {
					t.Errorf("%s does not say its response is overdue", norfolk)
				}
			})
			t.Run("OKDownloadsAgree", func(t *testing.T) {
				_, page := s.get(t, "/responses")
				_, body := s.get(t, "/data/responses.csv")
				rows, err := csv.NewReader(strings.NewReader(body)).ReadAll()
				if err != nil {
					t.Fatal(err)
				}
				var api struct {
					Total     int
					Responses []struct{ Report, Organisation, Status string }
				}
				_, doc := s.get(t, "/api/v1/responses")
				if err := json.Unmarshal([]byte(doc), &api); err != nil {
					t.Fatal(err)
				}
				shown := strings.Count(page, `<td class="govuk-table__cell"><a class="govuk-link" href="/`)
				if len(rows)-1 != api.Total || api.Total != shown || shown != 2 {
					t.Fatalf("the CSV has %d rows, the API %d, the page %d; want 2 each", len(rows)-1, api.Total, shown)
				}
				for i, r := range rows[1:] {
					a := api.Responses[i]
					if r[0] != a.Report || r[3] != a.Organisation || r[7] != a.Status || !strings.Contains(page, `href="`+r[0]+`"`) {
						t.Errorf("row %d: CSV %v, API %+v", i+1, r, a)
					}
				}
			})
		})
	}
}
