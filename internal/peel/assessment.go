package peel

import (
	"encoding/json"
	"fmt"
	"slices"
	"time"
)

// Status is where an assessment is in its life.
type Status string

const (
	StatusDraft      Status = "draft"
	StatusCheck      Status = "check"      // out for the force's factual-accuracy check
	StatusModeration Status = "moderation" // with the moderators
	StatusApproved   Status = "approved"   // approved by a moderator, to be scheduled
	StatusScheduled  Status = "scheduled"  // published by itself at PublishAt
	StatusPublished  Status = "published"
	StatusWithdrawn  Status = "withdrawn" // still shown, with a banner and its reason
)

// Statuses lists every status, in the order of an assessment's life.
var Statuses = []Status{StatusDraft, StatusCheck, StatusModeration, StatusApproved, StatusScheduled, StatusPublished, StatusWithdrawn}

// Public reports whether an assessment of the status is shown to the
// public: published, or withdrawn and kept with its banner. (A scheduled
// one is shown once due, which the store decides by its clock.)
func (s Status) Public() bool { return s == StatusPublished || s == StatusWithdrawn }

// Assessment is one organisation's assessment for one pillar of a framework:
// the page the public reads. Its JSON form is its public representation.
type Assessment struct {
	ID           int64
	Organisation string // slug
	Framework    string // slug
	Pillar       string // slug
	Headline     string // the headline question, as the page words it
	Grade        string // grade slug on the framework's scale; "" when ungraded
	LastUpdated  Date   // zero when not known (a grade from a table of grades)
	Source       string // the address of the published page that states it, if known
	Status       Status
	Version      int
	PublishAt    *time.Time // when a scheduled assessment becomes public
	PublishedAt  *time.Time // when it became public
	Withdrawn    string     // why a withdrawn assessment was withdrawn
	Summary      []string
	Judgments    []*Judgment
	Improvements []string   // areas for improvement, a paragraph each
	Concerns     []*Concern // causes of concern
	// Rationale is the recorded reason for a pillar grade far from its
	// questions' grades. It is for the editors: Public leaves it out.
	Rationale string
}

// Judgment is one question's grade and narrative.
type Judgment struct {
	Number   int     `json:"number"`
	Question string  `json:"text"` // as the page words it
	Grade    string  `json:"-"`    // "" when ungraded
	Body     []Block `json:"body"`
	// CarriedOver is the slug of the earlier cycle (framework) whose
	// grade this judgment carries over, "" when it is graded afresh.
	CarriedOver string `json:"-"`
}

// Concern is a cause of concern and the recommendations that answer it.
type Concern struct {
	Text            string   `json:"text"`
	Recommendations []string `json:"recommendations"`
}

func (c *Concern) equal(d *Concern) bool {
	return c.Text == d.Text && slices.Equal(c.Recommendations, d.Recommendations)
}

// Public returns the assessment as the public may read it: a copy without
// what is for the editors only (the rationale).
func (a *Assessment) Public() *Assessment {
	b := *a
	b.Rationale = ""
	return &b
}

// Block is one item of a narrative: a paragraph, or a link to a related
// publication. Exactly one of the two is set.
type Block struct {
	Paragraph string
	Link      *Link
}

// Link is a related publication: a title, and an address when one is known.
type Link struct {
	Title string
	Href  string
}

// GradeOnly reports whether the assessment is known only by its grades,
// the pillar's and perhaps its questions', with no narrative: as from a
// table of published grades.
func (a *Assessment) GradeOnly() bool {
	return a.Headline == "" && len(a.Summary) == 0 &&
		!slices.ContainsFunc(a.Judgments, func(j *Judgment) bool { return len(j.Body) > 0 })
}

// Path is the assessment's address on the public site, which follows the
// inspectorate's own scheme so that old links keep working.
func (a *Assessment) Path() string {
	return AssessmentPath(a.Framework, a.Organisation, a.Pillar)
}

// AssessmentPath is the public address of framework/organisation/pillar.
func AssessmentPath(framework, organisation, pillar string) string {
	return "/peel-assessments/" + framework + "/" + organisation + "/" + pillar
}

// SameContent reports whether two assessments say the same thing to a
// reader: status, grades, dates and every word. Identity and version
// numbers do not count.
func (a *Assessment) SameContent(b *Assessment) bool {
	return a.Organisation == b.Organisation && a.Framework == b.Framework && a.Pillar == b.Pillar &&
		a.Headline == b.Headline && a.Grade == b.Grade && a.LastUpdated == b.LastUpdated && a.Source == b.Source &&
		a.Status == b.Status && slices.Equal(a.Summary, b.Summary) &&
		slices.EqualFunc(a.Judgments, b.Judgments, (*Judgment).equal) &&
		slices.Equal(a.Improvements, b.Improvements) && slices.EqualFunc(a.Concerns, b.Concerns, (*Concern).equal) &&
		a.Rationale == b.Rationale
}

func (j *Judgment) equal(k *Judgment) bool {
	return j.Number == k.Number && j.Question == k.Question && j.Grade == k.Grade && j.CarriedOver == k.CarriedOver &&
		slices.EqualFunc(j.Body, k.Body, Block.equal)
}

func (b Block) equal(c Block) bool {
	if (b.Link == nil) != (c.Link == nil) {
		return false
	}
	return b.Paragraph == c.Paragraph && (b.Link == nil || *b.Link == *c.Link)
}

// Validate checks what every assessment must have, whatever its source.
func (a *Assessment) Validate() error {
	switch {
	case a.Organisation == "" || a.Framework == "" || a.Pillar == "":
		return Errorf(EINVALID, "an assessment needs an organisation, a framework and a pillar")
	case !slices.Contains(Statuses, a.Status):
		return Errorf(EINVALID, "assessment %s: unknown status %q", a.Path(), a.Status)
	}
	for i, j := range a.Judgments {
		if j.Number != i+1 {
			return Errorf(EINVALID, "assessment %s: questions must be numbered 1, 2, 3, … in order; found %d in place %d", a.Path(), j.Number, i+1)
		}
		for _, b := range j.Body {
			if (b.Link == nil) == (b.Paragraph == "") {
				return Errorf(EINVALID, "assessment %s: question %d: each body item is either a paragraph or a link", a.Path(), j.Number)
			}
		}
		if j.CarriedOver == a.Framework && j.CarriedOver != "" {
			return Errorf(EINVALID, "assessment %s: question %d: a grade is carried over from an earlier cycle, not from its own", a.Path(), j.Number)
		}
	}
	if slices.Contains(a.Improvements, "") {
		return Errorf(EINVALID, "assessment %s: an area for improvement needs some text", a.Path())
	}
	for i, c := range a.Concerns {
		if c.Text == "" {
			return Errorf(EINVALID, "assessment %s: cause of concern %d needs some text", a.Path(), i+1)
		} else if slices.Contains(c.Recommendations, "") {
			return Errorf(EINVALID, "assessment %s: cause of concern %d: a recommendation needs some text", a.Path(), i+1)
		}
	}
	return nil
}

// assessmentJSON is the public representation, field for field.
type assessmentJSON struct {
	Organisation     string         `json:"organisation"`
	Framework        string         `json:"framework"`
	Pillar           string         `json:"pillar"`
	Path             string         `json:"path"`
	HeadlineQuestion string         `json:"headlineQuestion"`
	Grade            *string        `json:"grade"`
	LastUpdated      Date           `json:"lastUpdated"`
	Source           *string        `json:"source"`
	Status           Status         `json:"status"`
	Version          int            `json:"version"`
	PublishAt        *time.Time     `json:"publishAt,omitempty"`
	PublishedAt      *time.Time     `json:"publishedAt"`
	Summary          []string       `json:"summary"`
	Questions        []judgmentJSON `json:"questions"`
	Improvements     []string       `json:"areasForImprovement"`
	Concerns         []*Concern     `json:"causesOfConcern"`
	Rationale        string         `json:"rationale,omitempty"` // for the editors; absent from public answers
}

type judgmentJSON struct {
	Number      int     `json:"number"`
	Text        string  `json:"text"`
	Grade       *string `json:"grade"`
	CarriedOver *string `json:"carriedOverFrom"` // the framework's slug
	Body        []Block `json:"body"`
}

// MarshalJSON writes the public representation: slugs for what the
// assessment belongs to, null for a missing grade.
func (a *Assessment) MarshalJSON() ([]byte, error) {
	v := assessmentJSON{
		Organisation: a.Organisation, Framework: a.Framework, Pillar: a.Pillar, Path: a.Path(),
		HeadlineQuestion: a.Headline, Grade: nullable(a.Grade), LastUpdated: a.LastUpdated, Source: nullable(a.Source),
		Status: a.Status, Version: a.Version, PublishAt: a.PublishAt, PublishedAt: a.PublishedAt,
		Summary: nonNil(a.Summary), Questions: make([]judgmentJSON, len(a.Judgments)),
		Improvements: nonNil(a.Improvements), Concerns: make([]*Concern, len(a.Concerns)), Rationale: a.Rationale,
	}
	for i, j := range a.Judgments {
		v.Questions[i] = judgmentJSON{Number: j.Number, Text: j.Question, Grade: nullable(j.Grade), CarriedOver: nullable(j.CarriedOver), Body: nonNil(j.Body)}
	}
	for i, c := range a.Concerns {
		v.Concerns[i] = &Concern{Text: c.Text, Recommendations: nonNil(c.Recommendations)}
	}
	return json.Marshal(v)
}

// UnmarshalJSON reads the public representation back, as a stored version
// holds it.
func (a *Assessment) UnmarshalJSON(data []byte) error {
	var v assessmentJSON
	if err := json.Unmarshal(data, &v); err != nil {
		return err
	}
	*a = Assessment{
		Organisation: v.Organisation, Framework: v.Framework, Pillar: v.Pillar,
		Headline: v.HeadlineQuestion, Grade: deref(v.Grade), LastUpdated: v.LastUpdated, Source: deref(v.Source),
		Status: v.Status, Version: v.Version, PublishAt: v.PublishAt, PublishedAt: v.PublishedAt, Summary: v.Summary,
		Improvements: v.Improvements, Rationale: v.Rationale,
	}
	for _, q := range v.Questions {
		a.Judgments = append(a.Judgments, &Judgment{Number: q.Number, Question: q.Text, Grade: deref(q.Grade), CarriedOver: deref(q.CarriedOver), Body: q.Body})
	}
	for _, c := range v.Concerns {
		if c != nil {
			a.Concerns = append(a.Concerns, &Concern{Text: c.Text, Recommendations: c.Recommendations})
		}
	}
	return nil
}

// MarshalJSON writes {"paragraph": …} or {"link": {"title": …, "href": …}},
// href null when the link has no address.
func (b Block) MarshalJSON() ([]byte, error) {
	if b.Link != nil {
		type link struct {
			Title string  `json:"title"`
			Href  *string `json:"href"`
		}
		return json.Marshal(map[string]link{"link": {b.Link.Title, nullable(b.Link.Href)}})
	}
	return json.Marshal(map[string]string{"paragraph": b.Paragraph})
}

// UnmarshalJSON reads what MarshalJSON writes.
func (b *Block) UnmarshalJSON(data []byte) error {
	var v struct {
		Paragraph *string `json:"paragraph"`
		Link      *struct {
			Title string  `json:"title"`
			Href  *string `json:"href"`
		} `json:"link"`
	}
	if err := json.Unmarshal(data, &v); err != nil {
		return err
	}
	switch {
	case v.Link != nil && v.Paragraph == nil:
		*b = Block{Link: &Link{Title: v.Link.Title, Href: deref(v.Link.Href)}}
	case v.Paragraph != nil && v.Link == nil:
		*b = Block{Paragraph: *v.Paragraph}
	default:
		return Errorf(EINVALID, "a body item is either a paragraph or a link")
	}
	return nil
}

func nullable(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

// Date is a calendar day with no time or zone, such as "Last updated".
type Date struct{ time.Time }

// NewDate returns the day, or false when it does not exist (31 February).
func NewDate(year, month, day int) (Date, bool) {
	t := time.Date(year, time.Month(month), day, 0, 0, 0, 0, time.UTC)
	if t.Year() != year || int(t.Month()) != month || t.Day() != day {
		return Date{}, false
	}
	return Date{t}, true
}

// ParseDate reads YYYY-MM-DD.
func ParseDate(s string) (Date, error) {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return Date{}, Errorf(EINVALID, "%q is not a date of the form YYYY-MM-DD", s)
	}
	return Date{t}, nil
}

func (d Date) String() string { return d.Format(time.DateOnly) }

func (d Date) MarshalJSON() ([]byte, error) {
	if d.IsZero() {
		return []byte("null"), nil
	}
	return []byte(fmt.Sprintf("%q", d.String())), nil
}

// UnmarshalJSON reads "YYYY-MM-DD", or null for a day not known.
func (d *Date) UnmarshalJSON(data []byte) error {
	if string(data) == "null" {
		*d = Date{}
		return nil
	}
	var s string
	if err := json.Unmarshal(data, &s); err != nil {
		return err
	}
	parsed, err := ParseDate(s)
	*d = parsed
	return err
}

// Version is one version of an assessment that was made public: an entry
// of its page history.
type Version struct {
	Number     int
	PublicFrom time.Time   // when this version became public
	Note       string      // what changed, where a change note was recorded
	Assessment *Assessment // the version as it was public, without ID
}
