package peel

import (
	"encoding/json"
	"net/url"
	"strconv"
	"strings"
	"time"
	_ "time/tzdata" // Europe/London, wherever peel runs
)

// Statutory responses. A police and crime commissioner must publish a
// response to each report on their force within 56 days. peel counts a
// report on an organisation as either a public assessment of it, or a
// public publication (of any kind) that names it among the organisations
// it covers. The clock starts on the day, in UK time, on which the report
// became public; the response is due by the end of day 56 after it, and
// is overdue from day 57.

// ResponseDays is how many calendar days a response may take.
const ResponseDays = 56

// UKTime is the zone in which the clock's days are counted.
var UKTime = func() *time.Location {
	loc, err := time.LoadLocation("Europe/London")
	if err != nil {
		panic(err) // time/tzdata holds it
	}
	return loc
}()

// UKDate is the calendar day in UK time of the moment t.
func UKDate(t time.Time) Date {
	u := t.In(UKTime)
	return Date{time.Date(u.Year(), u.Month(), u.Day(), 0, 0, 0, 0, time.UTC)}
}

// ResponseDue is the last day on which a response to a report made public
// at published is on time: the report's UK day plus 56 calendar days.
func ResponseDue(published time.Time) Date {
	return Date{UKDate(published).AddDate(0, 0, ResponseDays)}
}

// OverdueBefore is the moment before which a report must have become
// public for its response, not yet received, to be overdue at now: the
// start of the UK day 56 days before now's. (A report's UK day D is
// overdue from D+57, which is now's day or earlier exactly when D is
// before now's day less 56.)
func OverdueBefore(now time.Time) time.Time {
	d := UKDate(now).AddDate(0, 0, -ResponseDays)
	return time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, UKTime)
}

// ResponseStatus is where a report's response stands.
type ResponseStatus string

const (
	ResponseDueStatus     ResponseStatus = "due"      // none yet, and the due day has not passed
	ResponseOverdueStatus ResponseStatus = "overdue"  // none yet, and the due day has passed
	ResponseReceived      ResponseStatus = "received" // recorded, on time or late
)

// ResponseStatuses lists the statuses, in the order filters offer them.
var ResponseStatuses = []ResponseStatus{ResponseDueStatus, ResponseOverdueStatus, ResponseReceived}

// Label is how pages name the status.
func (s ResponseStatus) Label() string {
	return map[ResponseStatus]string{ResponseDueStatus: "Due", ResponseOverdueStatus: "Overdue", ResponseReceived: "Received"}[s]
}

// Response is a report's statutory response for one organisation: due
// when the report became public, and received once its address is
// recorded.
type Response struct {
	Report           string // the report's public address: an assessment's or a publication's path
	ReportTitle      string
	Organisation     string // slug
	OrganisationName string
	PublishedAt      time.Time // when the report became public: the clock's start
	URL              string    // the published response's address; "" until recorded
	Date             Date      // the day the response was published; zero until recorded
	RecordedBy       string
	RecordedAt       *time.Time
}

// Due is the last day on which the response is on time.
func (r *Response) Due() Date { return ResponseDue(r.PublishedAt) }

// Received reports whether the response is recorded.
func (r *Response) Received() bool { return r.URL != "" }

// Status is where the response stands on the UK day of now.
func (r *Response) Status(now time.Time) ResponseStatus {
	switch {
	case r.Received():
		return ResponseReceived
	case UKDate(now).After(r.Due().Time):
		return ResponseOverdueStatus
	}
	return ResponseDueStatus
}

// Late reports whether a received response was published after its due day.
func (r *Response) Late() bool { return r.Received() && r.Date.After(r.Due().Time) }

// DaysLeft is how many days remain on now's UK day until the due day (0 on
// the due day itself); negative once overdue, by the days overdue.
func (r *Response) DaysLeft(now time.Time) int {
	return int(r.Due().Sub(UKDate(now).Time).Hours() / 24)
}

// OverdueSince is the first day on which the response is overdue.
func (r *Response) OverdueSince() Date { return Date{r.Due().AddDate(0, 0, 1)} }

// StatusText is where the response stands on the UK day of now, as a
// phrase: "due in 3 days", "due today", "overdue by 2 days", "received on
// time" or "received late".
func (r *Response) StatusText(now time.Time) string {
	switch r.Status(now) {
	case ResponseReceived:
		if r.Late() {
			return "received late"
		}
		return "received on time"
	case ResponseOverdueStatus:
		return "overdue by " + days(-r.DaysLeft(now))
	}
	if left := r.DaysLeft(now); left > 0 {
		return "due in " + days(left)
	}
	return "due today"
}

func days(n int) string {
	if n == 1 {
		return "1 day"
	}
	return strconv.Itoa(n) + " days"
}

// ValidResponseURL checks a response's address: an absolute http or https
// address.
func ValidResponseURL(raw string) error {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return Errorf(EINVALID, "url: %q is not a web address starting http:// or https://", raw)
	}
	return nil
}

// MayRecordResponse checks that u may record a response for the
// organisation: an inspector, a publisher or an administrator, or the
// organisation's own liaison. A nil user is the operator of the server's
// machine, who may.
func MayRecordResponse(u *User, organisation string) error {
	if u == nil {
		return nil
	}
	switch u.Role {
	case RoleInspector, RolePublisher, RoleAdministrator:
		return nil
	case RoleLiaison:
		if u.Organisation == organisation {
			return nil
		}
		return Errorf(EFORBIDDEN, "a liaison records responses for their own organisation only, not %s", organisation)
	}
	return Errorf(EFORBIDDEN, "a %s may not record responses", u.Role)
}

// ResponseDocument is a response as the API and downloads give it, its
// status on the day of Now.
type ResponseDocument struct {
	*Response
	Now time.Time
}

// MarshalJSON writes the response with its due day and status.
func (d ResponseDocument) MarshalJSON() ([]byte, error) {
	r := d.Response
	var date *Date
	var late *bool
	if r.Received() {
		date = &r.Date
		l := r.Late()
		late = &l
	}
	return json.Marshal(struct {
		Report       string         `json:"report"`
		ReportTitle  string         `json:"reportTitle"`
		Organisation string         `json:"organisation"`
		PublishedAt  time.Time      `json:"publishedAt"`
		Due          Date           `json:"due"`
		Status       ResponseStatus `json:"status"`
		URL          *string        `json:"url"`
		Date         *Date          `json:"date"`
		Late         *bool          `json:"late"`
	}{r.Report, r.ReportTitle, r.Organisation, r.PublishedAt.UTC(), r.Due(), r.Status(d.Now), nullable(r.URL), date, late})
}
