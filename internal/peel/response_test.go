package peel_test

import (
	"testing"
	"time"

	"github.com/peel-oss/peel/internal/peel"
)

func day(s string) peel.Date {
	d, err := peel.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

func at(s string) time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return t
}

// TestResponseDue holds the 56-day rule: the report's UK day plus 56
// calendar days is the last day on time; the next is overdue. UK days
// follow British Summer Time.
func TestResponseDue(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		name, published, due string
	}{
		{"OK", "2030-03-14T09:30:00Z", "2030-05-09"},
		{"OKLateEveningGMT", "2030-03-14T23:59:00Z", "2030-05-09"},
		{"OKAfterMidnightBST", "2030-04-01T23:30:00Z", "2030-05-28"}, // 00:30 on 2 April in UK time
		{"OKAcrossBSTEnd", "2030-09-20T12:00:00Z", "2030-11-15"},
		{"OKAcrossBSTStart", "2030-03-01T00:00:00Z", "2030-04-26"},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := peel.ResponseDue(at(c.published)).String(); got != c.due {
				t.Errorf("due %s, want %s", got, c.due)
			}
		})
	}
}

func TestResponseStatus(t *testing.T) {
	t.Parallel()
	published := at("2030-03-14T09:30:00Z") // due 2030-05-09
	for _, c := range []struct {
		name      string
		now       string
		url, date string
		want      peel.ResponseStatus
		late      bool
		daysLeft  int
		text      string
	}{
		{"OKDueOnDay0", "2030-03-14T10:00:00Z", "", "", peel.ResponseDueStatus, false, 56, "due in 56 days"},
		{"OKDueOnDay56", "2030-05-09T22:59:00Z", "", "", peel.ResponseDueStatus, false, 0, "due today"},                 // 23:59 BST
		{"OKOverdueOnDay57", "2030-05-09T23:00:00Z", "", "", peel.ResponseOverdueStatus, false, -1, "overdue by 1 day"}, // midnight BST
		{"OKReceivedOnTime", "2030-06-01T12:00:00Z", "https://example.org/r", "2030-05-09", peel.ResponseReceived, false, -23, "received on time"},
		{"OKReceivedLate", "2030-06-01T12:00:00Z", "https://example.org/r", "2030-05-10", peel.ResponseReceived, true, -23, "received late"},
	} {
		t.Run(c.name, func(t *testing.T) {
			r := &peel.Response{PublishedAt: published, URL: c.url}
			if c.date != "" {
				r.Date = day(c.date)
			}
			now := at(c.now)
			if got := r.Status(now); got != c.want {
				t.Errorf("status %s, want %s", got, c.want)
			}
			if r.Late() != c.late {
				t.Errorf("late %v, want %v", r.Late(), c.late)
			}
			if got := r.StatusText(now); got != c.text {
				t.Errorf("text %q, want %q", got, c.text)
			}
			if got := r.DaysLeft(now); got != c.daysLeft {
				t.Errorf("days left %d, want %d", got, c.daysLeft)
			}
		})
	}
	if got := (&peel.Response{PublishedAt: published}).OverdueSince().String(); got != "2030-05-10" {
		t.Errorf("overdue since %s, want 2030-05-10", got)
	}
}

func TestMayRecordResponse(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		name string
		u    *peel.User
		code string
	}{
		{"OKOperator", nil, ""},
		{"OKInspector", &peel.User{Role: peel.RoleInspector}, ""},
		{"OKPublisher", &peel.User{Role: peel.RolePublisher}, ""},
		{"OKAdministrator", &peel.User{Role: peel.RoleAdministrator}, ""},
		{"OKOwnLiaison", &peel.User{Role: peel.RoleLiaison, Organisation: "kent"}, ""},
		{"ErrOtherLiaison", &peel.User{Role: peel.RoleLiaison, Organisation: "essex"}, peel.EFORBIDDEN},
		{"ErrModerator", &peel.User{Role: peel.RoleModerator}, peel.EFORBIDDEN},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := peel.ErrorCode(peel.MayRecordResponse(c.u, "kent")); got != c.code {
				t.Errorf("code %q, want %q", got, c.code)
			}
		})
	}
}

func TestValidResponseURL(t *testing.T) {
	t.Parallel()
	for _, c := range []struct{ name, url, code string }{
		{"OK", "https://www.example.org/response.pdf", ""},
		{"ErrRelative", "/response.pdf", peel.EINVALID},
		{"ErrScheme", "javascript:alert(1)", peel.EINVALID},
		{"ErrEmpty", "", peel.EINVALID},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := peel.ErrorCode(peel.ValidResponseURL(c.url)); got != c.code {
				t.Errorf("code %q, want %q", got, c.code)
			}
		})
	}
}

// TestOverdueBefore holds the moment that splits due from overdue to the
// rule: a report made public before it is overdue at now.
func TestOverdueBefore(t *testing.T) {
	t.Parallel()
	for _, c := range []struct{ name, now, want string }{
		{"OKOnDay57BST", "2030-05-09T23:00:00Z", "2030-03-15T00:00:00Z"},   // midnight BST on 10 May; 15 March is in GMT
		{"OKOnDay56BST", "2030-05-09T22:59:00Z", "2030-03-14T00:00:00Z"},   // 23:59 BST on 9 May
		{"OKAcrossBSTEnd", "2030-11-15T12:00:00Z", "2030-09-19T23:00:00Z"}, // midnight BST on 20 September
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := peel.OverdueBefore(at(c.now)); !got.Equal(at(c.want)) {
				t.Errorf("overdue before %s, want %s", got.UTC().Format(time.RFC3339), c.want)
			}
		})
	}
}
