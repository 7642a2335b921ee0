package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/peel-oss/peel/internal/fixture"
	"github.com/peel-oss/peel/internal/peel"
	"github.com/peel-oss/peel/internal/store"
)

// TestEditorNotices: publishers and administrators list, add, end and
// delete notices, each change audited as theirs; other roles are refused.
func TestEditorNotices(t *testing.T) {
	for _, b := range fixture.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			s := stepSite(t, b)
			ctx := context.Background()
			year := strconv.Itoa(time.Now().Year() + 1)

			t.Run("OK", func(t *testing.T) {
				publisher := signedIn(t, s, "publisher@example.org")
				res, page := publisher.do(t, "GET", "/editor/notices", nil)
				wantStatus(t, res, page, http.StatusOK)
				if !strings.Contains(page, "There are no notices.") || !strings.Contains(page, `href="/editor/notices/new"`) {
					t.Errorf("the empty list:\n%s", page)
				}
				res, page = publisher.postForm(t, "/editor/notices/new", "/editor/notices", url.Values{
					"title": {"Planned sample downtime"}, "body": {"The sample editor is read-only for a morning."},
					"maintenance-from-day": {"1"}, "maintenance-from-month": {"7"}, "maintenance-from-year": {year}, "maintenance-from-time": {"09:00"},
					"maintenance-until-day": {"1"}, "maintenance-until-month": {"7"}, "maintenance-until-year": {year}, "maintenance-until-time": {"12:00"},
				})
				wantRedirect(t, res, "/editor/notices?done=added")
				list, err := s.store.FindNotices(ctx, store.NoticeFilter{})
				if err != nil || len(list) != 1 {
					t.Fatalf("%d notices (%v), want 1", len(list), err)
				}
				n := list[0]
				want := time.Date(time.Now().Year()+1, 7, 1, 8, 0, 0, 0, time.UTC) // 09:00 British Summer Time
				if n.MaintenanceFrom == nil || !n.MaintenanceFrom.Equal(want) || n.MaintenanceUntil == nil || !n.MaintenanceUntil.Equal(want.Add(3*time.Hour)) || n.From != nil || n.Until != nil {
					t.Fatalf("notice stored as %+v", n)
				}
				res, page = publisher.do(t, "GET", "/editor/notices?done=added", nil)
				wantStatus(t, res, page, http.StatusOK)
				for _, want := range []string{"The notice has been added", "Planned sample downtime", "09:00 on 1 July " + year + " (UK time)", "12:00 on 1 July " + year + " (UK time)", `action="/editor/notices/1/end"`} {
					if !strings.Contains(page, want) {
						t.Errorf("the list lacks %q", want)
					}
				}

				res, _ = publisher.postForm(t, "/editor/notices", "/editor/notices/1/end", nil)
				wantRedirect(t, res, "/editor/notices?done=ended")
				_, page = publisher.do(t, "GET", "/editor/notices?done=ended", nil)
				if !strings.Contains(page, "The notice has been ended") || !strings.Contains(page, ">Ended</strong>") || strings.Contains(page, `action="/editor/notices/1/end"`) {
					t.Errorf("the list after ending:\n%s", page)
				}
				if list, _ := s.store.FindNotices(ctx, store.NoticeFilter{}); list[0].MaintenanceFrom != nil {
					t.Errorf("an ended notice keeps its maintenance to come: %+v", list[0])
				}

				admin := signedIn(t, s, "admin@example.org")
				res, _ = admin.postForm(t, "/editor/notices", "/editor/notices/1/delete", nil)
				wantRedirect(t, res, "/editor/notices?done=deleted")
				if list, _ := s.store.FindNotices(ctx, store.NoticeFilter{}); len(list) != 0 {
					t.Errorf("%d notices after deleting", len(list))
				}
				entries, err := s.store.FindAudit(ctx, store.AuditFilter{Subject: "notice 1"})
				if err != nil {
					t.Fatal(err)
				}
				var got []string
				for _, e := range entries {
					got = append(got, e.Actor+" "+e.Action)
				}
				if strings.Join(got, ", ") != "admin@example.org notice.remove, publisher@example.org notice.end, publisher@example.org notice.create" {
					t.Errorf("the audit log of notice 1: %v", got)
				}
			})

			t.Run("ErrInvalid", func(t *testing.T) {
				publisher := signedIn(t, s, "publisher@example.org")
				for _, tt := range []struct {
					name   string
					form   url.Values
					errors []string // the fields the summary names
				}{
					{"Empty", url.Values{}, []string{"title", "body"}},
					{"UntilBeforeFrom", url.Values{"title": {"T"}, "body": {"B"},
						"from-day": {"2"}, "from-month": {"7"}, "from-year": {year}, "from-time": {"09:00"},
						"until-day": {"1"}, "until-month": {"7"}, "until-year": {year}, "until-time": {"09:00"}}, []string{"until-day"}},
					{"MaintenanceUntilOnly", url.Values{"title": {"T"}, "body": {"B"},
						"maintenance-until-day": {"1"}, "maintenance-until-month": {"7"}, "maintenance-until-year": {year}, "maintenance-until-time": {"09:00"}}, []string{"maintenance-from-day"}},
					{"MaintenanceFromOnly", url.Values{"title": {"T"}, "body": {"B"},
						"maintenance-from-day": {"1"}, "maintenance-from-month": {"7"}, "maintenance-from-year": {year}, "maintenance-from-time": {"09:00"}}, []string{"maintenance-until-day"}},
					{"BadDate", url.Values{"title": {"T"}, "body": {"B"}, "from-day": {"32"}, "from-month": {"7"}, "from-year": {year}, "from-time": {"9"}}, []string{"from-day", "from-time"}},
				} {
					t.Run(tt.name, func(t *testing.T) {
						before := auditCount(t, s.store)
						res, page := publisher.postForm(t, "/editor/notices/new", "/editor/notices", tt.form)
						wantStatus(t, res, page, http.StatusBadRequest)
						for _, id := range tt.errors {
							if !strings.Contains(page, `href="#`+id+`"`) {
								t.Errorf("the error summary does not name %s:\n%s", id, page)
							}
						}
						if auditCount(t, s.store) != before {
							t.Error("a refused notice was stored")
						}
					})
				}
			})

			t.Run("ErrForbidden", func(t *testing.T) {
				addNotice(t, s.store, &peel.Notice{Title: "Sample kept", Body: "Sample text."})
				for _, email := range []string{"inspector@example.org", "moderator@example.org", "kent@example.org"} {
					br := signedIn(t, s, email)
					for _, path := range []string{"/editor/notices", "/editor/notices/new"} {
						res, page := br.do(t, "GET", path, nil)
						wantStatus(t, res, page, http.StatusForbidden)
						if !strings.Contains(page, "publishers and administrators") {
							t.Errorf("%s: the 403 page does not say why", path)
						}
					}
					before := auditCount(t, s.store)
					for _, path := range []string{"/editor/notices", "/editor/notices/2/end", "/editor/notices/2/delete"} {
						res, page := br.postForm(t, "/editor", path, url.Values{"title": {"T"}, "body": {"B"}})
						wantStatus(t, res, page, http.StatusForbidden)
					}
					if auditCount(t, s.store) != before {
						t.Errorf("%s changed a notice", email)
					}
				}
				res, _ := newBrowser(s).do(t, "GET", "/editor/notices", nil)
				wantRedirect(t, res, "/sign-in")
			})

			t.Run("ErrNotFound", func(t *testing.T) {
				admin := signedIn(t, s, "admin@example.org")
				for _, path := range []string{"/editor/notices/99/end", "/editor/notices/x/delete", "/editor/notices/2/fly"} {
					res, page := admin.postForm(t, "/editor", path, nil)
					wantStatus(t, res, page, http.StatusNotFound)
				}
			})
		})
	}
}

// TestAuditView: the administrator reads the audit log, newest first,
// filtered and paged; no one else may.
func TestAuditView(t *testing.T) {
	for _, b := range fixture.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			s := stepSite(t, b)
			moderator := signedIn(t, s, "moderator@example.org")
			bringTo(t, s.store, "essex", peel.StatusModeration)
			res, _ := moderator.postForm(t, editorPathOf("essex"), editorPathOf("essex")+"/approve", nil)
			wantRedirect(t, res, editorPathOf("essex")+"?done=approve")
			admin := signedIn(t, s, "admin@example.org")

			t.Run("OK", func(t *testing.T) {
				res, page := admin.do(t, "GET", "/editor/audit", nil)
				wantStatus(t, res, page, http.StatusOK)
				first := strings.Index(page, "assessment.approve")
				if first < 0 || strings.Index(page, "assessment.create") < first {
					t.Errorf("the newest change is not first:\n%s", page)
				}
				for _, want := range []string{"moderator@example.org", "/peel-assessments/peel-2016/essex/legitimacy", `&#34;status&#34;:&#34;moderation&#34;`, `&#34;status&#34;:&#34;approved&#34;`, "(UK time)"} {
					if !strings.Contains(page, want) {
						t.Errorf("the audit log lacks %q", want)
					}
				}
				res, page = admin.do(t, "GET", "/editor/audit?actor=moderator%40example.org", nil)
				wantStatus(t, res, page, http.StatusOK)
				if strings.Count(page, "<tr class=\"govuk-table__row\">")-1 != 1 || !strings.Contains(page, "assessment.approve") || !strings.Contains(page, "1 change<") {
					t.Errorf("filtered by actor:\n%s", page)
				}
				res, page = admin.do(t, "GET", "/editor/audit?subject=%2Fpeel-assessments%2Fpeel-2016%2Fessex%2Flegitimacy&per_page=1&page=2", nil)
				wantStatus(t, res, page, http.StatusOK)
				if !strings.Contains(page, "Showing changes 2 to 2 of") || !strings.Contains(page, "assessment.moderate") {
					t.Errorf("page 2 of essex's changes:\n%s", page)
				}
				res, page = admin.do(t, "GET", "/editor/audit?actor=nobody", nil)
				wantStatus(t, res, page, http.StatusOK)
				if !strings.Contains(page, "There are no changes with the filters chosen") {
					t.Errorf("no changes:\n%s", page)
				}
			})

			t.Run("ErrForbidden", func(t *testing.T) {
				for _, email := range []string{"inspector@example.org", "moderator@example.org", "publisher@example.org", "kent@example.org"} {
					res, page := signedIn(t, s, email).do(t, "GET", "/editor/audit", nil)
					wantStatus(t, res, page, http.StatusForbidden)
					if strings.Contains(page, "assessment.approve") || !strings.Contains(page, "Only an administrator may read the audit log") {
						t.Errorf("%s: the 403 page:\n%s", email, page)
					}
				}
				res, _ := newBrowser(s).do(t, "GET", "/editor/audit", nil)
				wantRedirect(t, res, "/sign-in")
			})

			t.Run("ErrPage", func(t *testing.T) {
				res, page := admin.do(t, "GET", "/editor/audit?page=999", nil)
				wantStatus(t, res, page, http.StatusNotFound)
				res, page = admin.do(t, "GET", "/editor/audit?page=x", nil)
				wantStatus(t, res, page, http.StatusBadRequest)
			})
		})
	}
}
