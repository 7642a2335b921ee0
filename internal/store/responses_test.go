package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/peel-oss/peel/internal/fixture"
	"github.com/peel-oss/peel/internal/peel"
	"github.com/peel-oss/peel/internal/store"
)

// responseStore is a sample store whose clock reads *now: the sample
// force's alpha assessment is published (on 14 March 2030, so its
// response is due by 9 May 2030), the other force's is a draft, and the
// sample review, covering both, is a draft.
func responseStore(tb testing.TB, b fixture.Backend, now *time.Time) *store.Store {
	tb.Helper()
	st := sampleStore(tb, b)
	store.SetNow(st, func() time.Time { return *now })
	mustImport(tb, st, sampleAssessment("sample-force"), samplePillar())
	draft := sampleAssessment("other-force")
	draft.Status, draft.PublishedAt = peel.StatusDraft, nil
	mustImport(tb, st, draft, samplePillar())
	if _, err := st.ImportPublication(context.Background(), sampleReview()); err != nil {
		tb.Fatal(err)
	}
	return st
}

const sampleReport = "/peel-assessments/sample-2030/sample-force/alpha"

func TestFindResponses(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	eachBackend(t, func(t *testing.T, b fixture.Backend) {
		now := time.Date(2030, 5, 9, 22, 59, 0, 0, time.UTC) // 23:59 BST on the due day
		st := responseStore(t, b, &now)
		status := func(t *testing.T) peel.ResponseStatus {
			t.Helper()
			list, total, err := st.FindResponses(ctx, store.ResponseFilter{})
			if err != nil {
				t.Fatal(err)
			} else if total != 1 || len(list) != 1 || list[0].Report != sampleReport || list[0].Organisation != "sample-force" {
				t.Fatalf("responses %d %+v, want the published assessment's only", total, list)
			}
			return list[0].Status(st.ResponseNow())
		}
		t.Run("OKDueOnDay56", func(t *testing.T) {
			if got := status(t); got != peel.ResponseDueStatus {
				t.Errorf("status %s, want due", got)
			}
			for which, n := range map[peel.ResponseStatus]int{peel.ResponseDueStatus: 1, peel.ResponseOverdueStatus: 0, peel.ResponseReceived: 0} {
				if _, total, err := st.FindResponses(ctx, store.ResponseFilter{Status: which}); err != nil || total != n {
					t.Errorf("%s: %d, %v; want %d", which, total, err, n)
				}
			}
		})
		t.Run("OKOverdueOnDay57", func(t *testing.T) {
			now = time.Date(2030, 5, 9, 23, 0, 0, 0, time.UTC)
			if got := status(t); got != peel.ResponseOverdueStatus {
				t.Errorf("status %s, want overdue", got)
			}
			list, _, err := st.FindResponses(ctx, store.ResponseFilter{Status: peel.ResponseDueStatus})
			if err != nil || len(list) != 0 {
				t.Errorf("due: %v, %v; want none", list, err)
			}
			if _, total, err := st.FindResponses(ctx, store.ResponseFilter{Status: peel.ResponseOverdueStatus}); err != nil || total != 1 {
				t.Errorf("overdue: %d, %v; want 1", total, err)
			}
		})
		t.Run("OKReceivedLate", func(t *testing.T) {
			r, err := st.RecordResponse(store.WithActor(ctx, "pcc@example.org"), nil, sampleReport, "sample-force", "https://example.org/response", mustDate(2030, 5, 10))
			if err != nil {
				t.Fatal(err)
			}
			if r.Status(now) != peel.ResponseReceived || !r.Late() || r.RecordedBy != "pcc@example.org" {
				t.Errorf("recorded %+v, want received late by pcc@example.org", r)
			}
			list, _, err := st.FindResponses(ctx, store.ResponseFilter{Status: peel.ResponseReceived, Organisation: "sample-force"})
			if err != nil || len(list) != 1 || list[0].URL != "https://example.org/response" {
				t.Errorf("received: %v, %v", list, err)
			}
			entries, err := st.FindAudit(ctx, store.AuditFilter{Subject: sampleReport + "#sample-force"})
			if err != nil || len(entries) != 1 || entries[0].Action != "response.record" {
				t.Errorf("audit %v, %v; want one response.record", entries, err)
			}
		})
		t.Run("OKReceivedOnTime", func(t *testing.T) {
			r, err := st.RecordResponse(ctx, nil, sampleReport, "sample-force", "https://example.org/response", mustDate(2030, 5, 9))
			if err != nil || r.Late() {
				t.Errorf("recorded %+v, %v; want on time", r, err)
			}
		})
		t.Run("OKPublicationCoversEach", func(t *testing.T) {
			if _, err := st.PublishPublication(ctx, "sample-review", nil); err != nil {
				t.Fatal(err)
			}
			list, _, err := st.FindResponses(ctx, store.ResponseFilter{Report: "/publications/sample-review"})
			if err != nil || len(list) != 2 || list[0].ReportTitle != "Sample review of plans" || list[0].Organisation != "other-force" {
				t.Errorf("review's responses %v, %v; want one for each force it covers", list, err)
			}
		})
	})
}

// TestResponseReports: each public report is offered once; a draft
// (the other force's assessment) is not.
func TestResponseReports(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	eachBackend(t, func(t *testing.T, b fixture.Backend) {
		now := time.Date(2030, 5, 9, 12, 0, 0, 0, time.UTC)
		st := responseStore(t, b, &now)
		if _, err := st.PublishPublication(ctx, "sample-review", nil); err != nil {
			t.Fatal(err)
		}
		list, err := st.ResponseReports(ctx)
		if err != nil {
			t.Fatal(err)
		}
		hrefs := map[string]string{}
		for _, l := range list {
			hrefs[l.Href] = l.Title
		}
		if len(list) != 2 || hrefs["/publications/sample-review"] != "Sample review of plans" || hrefs[sampleReport] != "Sample Sample 2030: Alpha" {
			t.Errorf("reports %+v, want the review (covering two forces) once and the published assessment", list)
		}
	})
}

func TestRecordResponse(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	eachBackend(t, func(t *testing.T, b fixture.Backend) {
		now := time.Date(2030, 6, 1, 12, 0, 0, 0, time.UTC)
		st := responseStore(t, b, &now)
		liaison := func(org string) *peel.User {
			return &peel.User{Email: "l@example.org", Role: peel.RoleLiaison, Organisation: org}
		}
		for _, c := range []struct {
			name, report, org, url string
			day                    peel.Date
			u                      *peel.User
			code                   string
		}{
			{"OKOwnLiaison", sampleReport, "sample-force", "https://example.org/r", mustDate(2030, 5, 1), liaison("sample-force"), ""},
			{"ErrOtherLiaison", sampleReport, "sample-force", "https://example.org/r", mustDate(2030, 5, 1), liaison("other-force"), peel.EFORBIDDEN},
			{"ErrUnpublished", "/peel-assessments/sample-2030/other-force/alpha", "other-force", "https://example.org/r", mustDate(2030, 5, 1), nil, peel.ENOTFOUND},
			{"ErrDraftPublication", "/publications/sample-review", "sample-force", "https://example.org/r", mustDate(2030, 5, 1), nil, peel.ENOTFOUND},
			{"ErrURL", sampleReport, "sample-force", "example.org/r", mustDate(2030, 5, 1), nil, peel.EINVALID},
			{"ErrDateBeforeReport", sampleReport, "sample-force", "https://example.org/r", mustDate(2030, 3, 13), nil, peel.EINVALID},
			{"ErrDateToCome", sampleReport, "sample-force", "https://example.org/r", mustDate(2030, 6, 2), nil, peel.EINVALID},
			{"ErrNoDate", sampleReport, "sample-force", "https://example.org/r", peel.Date{}, nil, peel.EINVALID},
		} {
			t.Run(c.name, func(t *testing.T) {
				_, err := st.RecordResponse(ctx, c.u, c.report, c.org, c.url, c.day)
				wantCode(t, err, c.code)
			})
		}
		list, _, err := st.FindResponses(ctx, store.ResponseFilter{})
		if err != nil || len(list) != 1 || list[0].Date != mustDate(2030, 5, 1) {
			t.Errorf("responses %v, %v; want the liaison's only", list, err)
		}
	})
}
