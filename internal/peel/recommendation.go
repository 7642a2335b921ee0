package peel

import (
	"net/url"
	"strconv"
	"strings"
	"time"
)

// RecStatus is where an addressed organisation stands on a recommendation.
type RecStatus string

const (
	RecAwaitingReview  RecStatus = "awaiting-review"
	RecBeingProgressed RecStatus = "being-progressed"
	RecComplete        RecStatus = "complete"
	RecSuperseded      RecStatus = "superseded"
)

// RecStatuses lists every status, in the order of a recommendation's life.
var RecStatuses = []RecStatus{RecAwaitingReview, RecBeingProgressed, RecComplete, RecSuperseded}

// Label is how pages name the status: "Being progressed".
func (s RecStatus) Label() string {
	l := strings.ReplaceAll(string(s), "-", " ")
	if l == "" {
		return ""
	}
	return strings.ToUpper(l[:1]) + l[1:]
}

// Open is true of a status that still asks something of the force.
func (s RecStatus) Open() bool { return s == RecAwaitingReview || s == RecBeingProgressed }

// ParseRecStatus returns the status with the name, or EINVALID naming them.
func ParseRecStatus(name string) (RecStatus, error) {
	for _, s := range RecStatuses {
		if string(s) == name {
			return s, nil
		}
	}
	return "", Errorf(EINVALID, "status: %q is not one of awaiting-review, being-progressed, complete, superseded", name)
}

// EntryKind is what an entry of a status history records.
type EntryKind string

const (
	EntryStatus   EntryKind = "status"   // the inspectorate sets the status, with a comment
	EntryProgress EntryKind = "progress" // the force records its progress, with evidence
	EntryReview   EntryKind = "review"   // the inspectorate accepts or questions the force's last progress
)

// Verdicts of an inspector's review of a force's progress.
const (
	VerdictAccepted   = "accepted"
	VerdictQuestioned = "questioned"
)

// Entry is one dated entry of an addressed organisation's status history.
// Entries are only ever added: a review of a force's update is a later
// entry, never an edit of the update.
type Entry struct {
	ID       int64     `json:"id"`
	At       time.Time `json:"at"`
	Actor    string    `json:"by,omitempty"` // left out of what the public sees: the entry's kind says whose it is
	Kind     EntryKind `json:"kind"`
	Status   RecStatus `json:"status"`
	Comment  string    `json:"comment,omitempty"`  // the inspectorate's comment or the force's progress note
	Evidence []string  `json:"evidence,omitempty"` // a force's evidence: text or addresses
	Verdict  string    `json:"verdict,omitempty"`  // a review's: accepted or questioned
}

// Validate checks an entry before it is added.
func (e *Entry) Validate() error {
	if _, err := ParseRecStatus(string(e.Status)); err != nil {
		return err
	}
	switch e.Kind {
	case EntryStatus:
	case EntryProgress:
		if strings.TrimSpace(e.Comment) == "" {
			return Errorf(EINVALID, "note: say what the force has done")
		}
	case EntryReview:
		if e.Verdict != VerdictAccepted && e.Verdict != VerdictQuestioned {
			return Errorf(EINVALID, "verdict: %q must be accepted or questioned", e.Verdict)
		}
		if e.Verdict == VerdictQuestioned && strings.TrimSpace(e.Comment) == "" {
			return Errorf(EINVALID, "comment: say what is questioned")
		}
	default:
		return Errorf(EINVALID, "kind: %q must be status, progress or review", e.Kind)
	}
	for _, ev := range e.Evidence {
		if strings.TrimSpace(ev) == "" {
			return Errorf(EINVALID, "evidence: an item is empty")
		}
	}
	return nil
}

// Addressee is an organisation a recommendation is addressed to, with its
// status history, oldest first.
type Addressee struct {
	Organisation string  `json:"organisation"` // slug
	Name         string  `json:"name"`
	History      []Entry `json:"history"`
}

// Latest is the addressee's newest entry (a zero entry for none).
func (a *Addressee) Latest() Entry {
	if len(a.History) == 0 {
		return Entry{Status: RecAwaitingReview}
	}
	return a.History[len(a.History)-1]
}

// Recommendation is what the inspectorate asks of forces, issued in a
// publication (IssuedIn is its slug) or an assessment (its
// framework/organisation/pillar), to all forces or to named ones.
type Recommendation struct {
	ID         int64       `json:"id"`
	Text       string      `json:"text"`
	Theme      string      `json:"theme"`
	Due        Date        `json:"due,omitzero"`
	IssuedIn   string      `json:"issuedIn"`
	AllForces  bool        `json:"allForces"`
	Addressees []Addressee `json:"addressees"`
	// Organisations names the addressees when creating: slugs; ignored
	// when AllForces.
	Organisations []string `json:"-"`
}

// RecommendationPath is a recommendation's public address.
func RecommendationPath(id int64) string { return "/recommendations/" + strconv.FormatInt(id, 10) }

// Path is the recommendation's public address.
func (r *Recommendation) Path() string { return RecommendationPath(r.ID) }

// IssuedInAssessment is true when IssuedIn names an assessment
// (framework/organisation/pillar) rather than a publication.
func (r *Recommendation) IssuedInAssessment() bool { return strings.Count(r.IssuedIn, "/") == 2 }

// IssuedInPath is the public address of what it was issued in.
func (r *Recommendation) IssuedInPath() string {
	if r.IssuedInAssessment() {
		parts := strings.Split(r.IssuedIn, "/")
		return "/" + url.PathEscape(parts[0]) + "/" + url.PathEscape(parts[1]) + "/" + url.PathEscape(parts[2])
	}
	return PublicationPath(r.IssuedIn)
}

// Addressee returns the addressee for the organisation, or nil.
func (r *Recommendation) Addressee(org string) *Addressee {
	for i := range r.Addressees {
		if r.Addressees[i].Organisation == org {
			return &r.Addressees[i]
		}
	}
	return nil
}

// Validate checks what every recommendation must have.
func (r *Recommendation) Validate() error {
	switch {
	case strings.TrimSpace(r.Text) == "":
		return Errorf(EINVALID, "text: a recommendation needs its text")
	case strings.TrimSpace(r.Theme) == "":
		return Errorf(EINVALID, "theme: a recommendation needs a theme")
	case r.IssuedIn == "":
		return Errorf(EINVALID, "issued_in: name a publication's slug or an assessment's framework/organisation/pillar")
	case !r.AllForces && len(r.Organisations) == 0:
		return Errorf(EINVALID, "organisations: name the organisations, or all")
	}
	for _, part := range strings.Split(r.IssuedIn, "/") {
		if !ValidSlug(part) {
			return Errorf(EINVALID, "issued_in: %q must be a publication's slug or framework/organisation/pillar", r.IssuedIn)
		}
	}
	if c := strings.Count(r.IssuedIn, "/"); c != 0 && c != 2 {
		return Errorf(EINVALID, "issued_in: %q must be a publication's slug or framework/organisation/pillar", r.IssuedIn)
	}
	for _, o := range r.Organisations {
		if !ValidSlug(o) {
			return Errorf(EINVALID, "organisations: %q is not an organisation's slug", o)
		}
	}
	return nil
}

// AllowRecommend says whether the user may create or change
// recommendations: inspectors and administrators may.
func AllowRecommend(u *User) error {
	switch {
	case u == nil || u.Disabled:
		return Errorf(EFORBIDDEN, "sign in to make a recommendation")
	case u.Role != RoleInspector && u.Role != RoleAdministrator:
		return Errorf(EFORBIDDEN, "a user with the role %s may not make or review recommendations; that is for inspector, administrator", u.Role)
	}
	return nil
}

// AllowEntry says whether the user may add the entry to organisation's
// history: a force's progress only its own liaison records; the
// inspectorate's statuses and reviews only inspectors and administrators.
func AllowEntry(u *User, organisation string, e *Entry) error {
	if u == nil || u.Disabled {
		return Errorf(EFORBIDDEN, "sign in to record a recommendation's progress")
	}
	if e.Kind != EntryProgress {
		return AllowRecommend(u)
	}
	switch {
	case u.Role != RoleLiaison:
		return Errorf(EFORBIDDEN, "a force's progress is recorded by its liaison, not a user with the role %s", u.Role)
	case u.Organisation != organisation:
		return Errorf(EFORBIDDEN, "a liaison for %s may record progress only for their own force, not %s", u.Organisation, organisation)
	}
	return nil
}

// MonthsBefore is the UK calendar day n months before d: the same day of
// the month, or the month's last day when it has no such day (31 August
// less 6 months is 28 or 29 February).
func MonthsBefore(d Date, n int) Date {
	y, m := d.Year(), int(d.Month())-n
	first := time.Date(y, time.Month(m), 1, 0, 0, 0, 0, time.UTC)
	last := first.AddDate(0, 1, -1).Day()
	return Date{first.AddDate(0, 0, min(d.Day(), last)-1)}
}

// MonthsBetween is how many whole months of the UK calendar lie from the
// day from to the day to: the most n with MonthsBefore(to, n) on or
// after from (0 when from is not before to).
func MonthsBetween(from, to Date) int {
	n := (to.Year()-from.Year())*12 + int(to.Month()) - int(from.Month())
	for n > 0 && MonthsBefore(to, n).Before(from.Time) {
		n--
	}
	return max(n, 0)
}

// StaleBefore is the moment before which an addressee's latest entry must
// have been made for it to have had no update for months months at now:
// the start of the UK day after the one months months before now's. An
// entry made on that day, exactly months months ago, is stale; one made
// the next day is not yet.
func StaleBefore(now time.Time, months int) time.Time {
	d := MonthsBefore(UKDate(now), months).AddDate(0, 0, 1)
	return time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, UKTime)
}

// StaleAddressee is an addressee whose latest entry is old, with what a
// list of them shows of its recommendation.
type StaleAddressee struct {
	Recommendation int64
	Text           string
	Due            Date
	Organisation   string // slug
	Name           string
	Latest         Entry // its newest entry: status, kind and when
}

// PastDue reports whether the recommendation's due day is before the UK
// day of now.
func (a *StaleAddressee) PastDue(now time.Time) bool {
	return !a.Due.IsZero() && a.Due.Before(UKDate(now).Time)
}

// Colour is the colour of the status's tag.
func (s RecStatus) Colour() string {
	switch s {
	case RecBeingProgressed:
		return "yellow"
	case RecComplete:
		return "green"
	case RecSuperseded:
		return "grey"
	}
	return "blue"
}
