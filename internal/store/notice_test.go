package store_test

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/peel-oss/peel/internal/fixture"
	"github.com/peel-oss/peel/internal/peel"
	"github.com/peel-oss/peel/internal/store"
)

// noticeTime is a fixed hour of a sample day, plus or minus hours.
func noticeTime(hours int) time.Time {
	return time.Date(2030, 4, 1, 12, 0, 0, 0, time.UTC).Add(time.Duration(hours) * time.Hour)
}

func TestCreateNotice(t *testing.T) {
	t.Parallel()
	ctx := context.Background()

	eachBackend(t, func(t *testing.T, b fixture.Backend) {
		t.Run("OK", func(t *testing.T) {
			st := openStore(t, b)
			created := time.Date(2030, 3, 30, 8, 15, 30, 123456789, time.FixedZone("BST", 3600))
			store.SetNow(st, func() time.Time { return created })

			from, until := noticeTime(0), noticeTime(4)
			n := &peel.Notice{Title: "Planned sample downtime", Body: "The sample site will be read-only for a while.", From: &from, Until: &until}
			if err := st.CreateNotice(ctx, n); err != nil {
				t.Fatal(err)
			}
			// Times are kept to the millisecond.
			if n.ID == 0 || !n.CreatedAt.Equal(created.Truncate(time.Millisecond)) {
				t.Fatalf("created notice has ID %d, created at %v; want an ID and %v", n.ID, n.CreatedAt, created)
			}
			open := &peel.Notice{Title: "Sample notice", Body: "Shown at all times."}
			if err := st.CreateNotice(ctx, open); err != nil {
				t.Fatal(err)
			}

			list, err := st.FindNotices(ctx, store.NoticeFilter{})
			if err != nil {
				t.Fatal(err)
			} else if len(list) != 2 {
				t.Fatalf("%d notices, want 2", len(list))
			}
			wantNotice(t, list[0], n)
			wantNotice(t, list[1], open)
		})

		t.Run("ErrInvalid", func(t *testing.T) {
			from := noticeTime(0)
			before, same := noticeTime(-1), noticeTime(0)
			for _, tt := range []struct {
				name   string
				notice peel.Notice
			}{
				{"NoTitle", peel.Notice{Title: " ", Body: "A sample body."}},
				{"NoBody", peel.Notice{Title: "Sample title"}},
				{"UntilBeforeFrom", peel.Notice{Title: "Sample title", Body: "A sample body.", From: &from, Until: &before}},
				{"UntilAtFrom", peel.Notice{Title: "Sample title", Body: "A sample body.", From: &from, Until: &same}},
				{"MaintenanceFromOnly", peel.Notice{Title: "Sample title", Body: "A sample body.", MaintenanceFrom: &from}},
				{"MaintenanceUntilOnly", peel.Notice{Title: "Sample title", Body: "A sample body.", MaintenanceUntil: &from}},
				{"MaintenanceUntilBeforeFrom", peel.Notice{Title: "Sample title", Body: "A sample body.", MaintenanceFrom: &from, MaintenanceUntil: &before}},
				{"MaintenanceUntilAtFrom", peel.Notice{Title: "Sample title", Body: "A sample body.", MaintenanceFrom: &from, MaintenanceUntil: &same}},
			} {
				t.Run(tt.name, func(t *testing.T) {
					st := openStore(t, b)
					err := st.CreateNotice(ctx, &tt.notice)
					wantCode(t, err, peel.EINVALID)
					if list, err := st.FindNotices(ctx, store.NoticeFilter{}); err != nil {
						t.Fatal(err)
					} else if len(list) != 0 {
						t.Fatalf("%d notices stored, want none", len(list))
					}
				})
			}
		})
	})
}

func TestFindNotices(t *testing.T) {
	t.Parallel()
	ctx := context.Background()

	eachBackend(t, func(t *testing.T, b fixture.Backend) {
		st := openStore(t, b)

		ptr := func(t time.Time) *time.Time { return &t }
		for _, n := range []*peel.Notice{
			{Title: "always", Body: "No window."},
			{Title: "from", Body: "Shown from hour 0.", From: ptr(noticeTime(0))},
			{Title: "until", Body: "Shown until hour 2.", Until: ptr(noticeTime(2))},
			{Title: "window", Body: "Shown from hour 1 until hour 3.", From: ptr(noticeTime(1)), Until: ptr(noticeTime(3))},
		} {
			if err := st.CreateNotice(ctx, n); err != nil {
				t.Fatal(err)
			}
		}

		for _, tt := range []struct {
			name string
			at   *time.Time
			want []string
		}{
			{"Any", nil, []string{"always", "from", "until", "window"}},
			{"BeforeAll", ptr(noticeTime(-1)), []string{"always", "until"}},
			{"AtFrom", ptr(noticeTime(0)), []string{"always", "from", "until"}},
			{"JustBeforeFrom", ptr(noticeTime(0).Add(-time.Nanosecond)), []string{"always", "until"}},
			{"InWindow", ptr(noticeTime(1)), []string{"always", "from", "until", "window"}},
			{"AtUntil", ptr(noticeTime(2)), []string{"always", "from", "window"}},
			{"JustBeforeUntil", ptr(noticeTime(3).Add(-time.Nanosecond)), []string{"always", "from", "window"}},
			{"AtWindowUntil", ptr(noticeTime(3)), []string{"always", "from"}},
			{"OtherZone", ptr(noticeTime(1).In(time.FixedZone("UTC+5", 5*3600))), []string{"always", "from", "until", "window"}},
		} {
			t.Run(tt.name, func(t *testing.T) {
				list, err := st.FindNotices(ctx, store.NoticeFilter{ActiveAt: tt.at})
				if err != nil {
					t.Fatal(err)
				}
				var got []string
				for _, n := range list {
					got = append(got, n.Title)
				}
				if !slices.Equal(got, tt.want) {
					t.Fatalf("got %v, want %v", got, tt.want)
				}
			})
		}
	})
}

func TestDeleteNotice(t *testing.T) {
	t.Parallel()
	ctx := context.Background()

	eachBackend(t, func(t *testing.T, b fixture.Backend) {
		t.Run("OK", func(t *testing.T) {
			st := openStore(t, b)
			gone := &peel.Notice{Title: "Sample notice to remove", Body: "Soon gone."}
			kept := &peel.Notice{Title: "Sample notice to keep", Body: "Still here."}
			for _, n := range []*peel.Notice{gone, kept} {
				if err := st.CreateNotice(ctx, n); err != nil {
					t.Fatal(err)
				}
			}
			if err := st.DeleteNotice(ctx, gone.ID); err != nil {
				t.Fatal(err)
			}
			list, err := st.FindNotices(ctx, store.NoticeFilter{})
			if err != nil {
				t.Fatal(err)
			} else if len(list) != 1 || list[0].ID != kept.ID {
				t.Fatalf("after delete: %v, want only notice %d", list, kept.ID)
			}
			// Deleting it again finds nothing to delete.
			wantCode(t, st.DeleteNotice(ctx, gone.ID), peel.ENOTFOUND)
		})

		t.Run("ErrNotFound", func(t *testing.T) {
			st := openStore(t, b)
			for _, id := range []int64{0, -1, 999} {
				if err := st.DeleteNotice(ctx, id); peel.ErrorCode(err) != peel.ENOTFOUND {
					t.Errorf("delete %d: error %v, want code %q", id, err, peel.ENOTFOUND)
				}
			}
		})
	})
}

func wantNotice(tb testing.TB, got, want *peel.Notice) {
	tb.Helper()
	sameTime := func(a, b *time.Time) bool {
		return (a == nil) == (b == nil) && (a == nil || a.Equal(*b))
	}
	if got.ID != want.ID || got.Title != want.Title || got.Body != want.Body ||
		!sameTime(got.From, want.From) || !sameTime(got.Until, want.Until) || !got.CreatedAt.Equal(want.CreatedAt) ||
		!sameTime(got.MaintenanceFrom, want.MaintenanceFrom) || !sameTime(got.MaintenanceUntil, want.MaintenanceUntil) {
		tb.Fatalf("notice %d: got %+v (from %v until %v), want %+v (from %v until %v)",
			want.ID, got, got.From, got.Until, want, want.From, want.Until)
	}
}

func TestNoticeMaintenance(t *testing.T) {
	t.Parallel()
	ctx := context.Background()

	eachBackend(t, func(t *testing.T, b fixture.Backend) {
		t.Run("OK", func(t *testing.T) {
			st := openStore(t, b)
			mfrom, muntil := noticeTime(1), noticeTime(3)
			n := &peel.Notice{Title: "Planned sample downtime", Body: "The sample editor is read-only.", MaintenanceFrom: &mfrom, MaintenanceUntil: &muntil}
			if err := st.CreateNotice(ctx, n); err != nil {
				t.Fatal(err)
			}
			if err := st.CreateNotice(ctx, &peel.Notice{Title: "Sample notice", Body: "No maintenance."}); err != nil {
				t.Fatal(err)
			}
			for _, tt := range []struct {
				name  string
				at    time.Time
				found int
			}{
				{"Before", noticeTime(0), 0},
				{"AtFrom", noticeTime(1), 1},
				{"Within", noticeTime(2), 1},
				{"AtUntil", noticeTime(3), 0},
			} {
				list, err := st.FindNotices(ctx, store.NoticeFilter{MaintenanceAt: &tt.at})
				if err != nil {
					t.Fatal(err)
				}
				if len(list) != tt.found {
					t.Errorf("%s: %d notices in maintenance, want %d", tt.name, len(list), tt.found)
				} else if tt.found == 1 {
					wantNotice(t, list[0], n)
				}
			}
		})
	})
}

func TestEndNotice(t *testing.T) {
	t.Parallel()
	ctx := context.Background()

	eachBackend(t, func(t *testing.T, b fixture.Backend) {
		t.Run("OK", func(t *testing.T) {
			st := openStore(t, b)
			now := noticeTime(0)
			store.SetNow(st, func() time.Time { return now })
			past, soon, later := noticeTime(-2), noticeTime(1), noticeTime(5)
			current := &peel.Notice{Title: "Sample current", Body: "Sample text.", From: &past, Until: &later, MaintenanceFrom: &past, MaintenanceUntil: &later}
			coming := &peel.Notice{Title: "Sample coming", Body: "Sample text.", From: &soon, MaintenanceFrom: &soon, MaintenanceUntil: &later}
			for _, n := range []*peel.Notice{current, coming} {
				if err := st.CreateNotice(ctx, n); err != nil {
					t.Fatal(err)
				}
			}
			for _, tt := range []struct {
				notice *peel.Notice
				want   peel.Notice
			}{
				// A notice shown now stops now; its maintenance ends now.
				{current, peel.Notice{From: &past, Until: &now, MaintenanceFrom: &past, MaintenanceUntil: &now}},
				// One not yet shown is never shown; its maintenance is dropped.
				{coming, peel.Notice{Until: &now}},
			} {
				got, err := st.EndNotice(ctx, tt.notice.ID)
				if err != nil {
					t.Fatal(err)
				}
				want := *tt.notice
				want.From, want.Until, want.MaintenanceFrom, want.MaintenanceUntil = tt.want.From, tt.want.Until, tt.want.MaintenanceFrom, tt.want.MaintenanceUntil
				wantNotice(t, got, &want)
				if got.ActiveAt(now) || got.MaintenanceAt(now) {
					t.Errorf("notice %d still active or in maintenance once ended", got.ID)
				}
			}
			entries, err := st.FindAudit(ctx, store.AuditFilter{Subject: fmt.Sprintf("notice %d", current.ID)})
			if err != nil {
				t.Fatal(err)
			}
			if len(entries) != 2 || entries[0].Action != "notice.end" || entries[0].Before == "" || entries[0].After == "" {
				t.Fatalf("audit of notice %d: %+v", current.ID, entries)
			}
		})

		t.Run("ErrNotFound", func(t *testing.T) {
			st := openStore(t, b)
			_, err := st.EndNotice(ctx, 999)
			wantCode(t, err, peel.ENOTFOUND)
		})
	})
}
