package peel_test

import (
	"testing"
	"time"

	"github.com/peel-oss/peel/internal/peel"
)

func TestMonthsBefore(t *testing.T) {
	for _, c := range []struct {
		day    string
		months int
		want   string
	}{
		{"2026-11-26", 6, "2026-05-26"},
		{"2026-08-31", 6, "2026-02-28"},
		{"2028-08-31", 6, "2028-02-29"},
		{"2026-03-31", 1, "2026-02-28"},
		{"2026-01-15", 13, "2024-12-15"},
		{"2026-05-26", 0, "2026-05-26"},
	} {
		if got := peel.MonthsBefore(day(c.day), c.months).String(); got != c.want {
			t.Errorf("MonthsBefore(%s, %d) = %s, want %s", c.day, c.months, got, c.want)
		}
	}
}

func TestMonthsBetween(t *testing.T) {
	for _, c := range []struct {
		from, to string
		want     int
	}{
		{"2026-05-26", "2026-11-26", 6},
		{"2026-05-27", "2026-11-26", 5},
		{"2026-02-28", "2026-08-31", 6},
		{"2026-03-01", "2026-08-31", 5},
		{"2026-11-26", "2026-11-26", 0},
		{"2026-12-01", "2026-11-26", 0},
	} {
		if got := peel.MonthsBetween(day(c.from), day(c.to)); got != c.want {
			t.Errorf("MonthsBetween(%s, %s) = %d, want %d", c.from, c.to, got, c.want)
		}
	}
}

func TestStaleBefore(t *testing.T) {
	// 26 November 2026, 00:30 in the UK (GMT); six months before is 26
	// May, in British Summer Time: an entry at 23:59 UK time that day is
	// stale, one at 00:00 UK time on the 27th is not.
	now := time.Date(2026, 11, 26, 0, 30, 0, 0, time.UTC)
	got := peel.StaleBefore(now, 6)
	if want := time.Date(2026, 5, 26, 23, 0, 0, 0, time.UTC); !got.Equal(want) {
		t.Errorf("StaleBefore = %v, want %v", got.UTC(), want)
	}
}
