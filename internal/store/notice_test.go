package store_test

import (
	"context"
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
		!sameTime(got.From, want.From) || !sameTime(got.Until, want.Until) || !got.CreatedAt.Equal(want.CreatedAt) {
		tb.Fatalf("notice %d: got %+v (from %v until %v), want %+v (from %v until %v)",
			want.ID, got, got.From, got.Until, want, want.From, want.Until)
	}
}
