package peel

import (
	"encoding/json"
	"slices"
	"strings"
	"time"
)

// PublicationKind is what sort of document a publication is.
type PublicationKind string

const (
	KindNationalOverview PublicationKind = "national-overview"
	KindThematicReport   PublicationKind = "thematic-report"
	KindFollowUpReview   PublicationKind = "follow-up-review" // records an outcome for each organisation it reviewed
)

// PublicationKinds lists every kind, in the order pages list them.
var PublicationKinds = []PublicationKind{KindNationalOverview, KindThematicReport, KindFollowUpReview}

// Label is how pages name the kind: "Follow-up review".
func (k PublicationKind) Label() string { return kindLabels[k] }

var kindLabels = map[PublicationKind]string{
	KindNationalOverview: "National overview",
	KindThematicReport:   "Thematic report",
	KindFollowUpReview:   "Follow-up review",
}

// PublicationStatuses are the statuses a publication may have: the
// assessments' life without its editorial steps. A publication is public
// exactly when an assessment of the same status would be.
var PublicationStatuses = []Status{StatusDraft, StatusScheduled, StatusPublished, StatusWithdrawn}

// Publication is a published document other than an assessment: a national
// overview, a thematic report, a follow-up review. Assessments link to
// publications, and recommendations are issued in them (or in an
// assessment): what names where a recommendation was issued is a
// publication's Slug or an assessment's Path.
type Publication struct {
	ID            int64
	Slug          string
	Title         string
	Kind          PublicationKind
	Date          Date     // the publication date the document gives; zero when not known
	Summary       string   // one paragraph
	Body          []string // paragraphs
	Organisations []string // slugs of the organisations it covers
	Links         []Link   // related documents
	// Scale is a follow-up review's outcome scale, in its own order (as a
	// framework's grade scale: slug, label, tag colour); empty for other
	// kinds.
	Scale       []*Grade
	Status      Status
	Version     int        // of its content: 1 when created, one more at each change
	PublishAt   *time.Time // when a scheduled publication becomes public
	PublishedAt *time.Time // when it became public
	Withdrawn   string     // why a withdrawn publication was withdrawn
	Updated     time.Time  // when it was last changed, in any way; zero when not known
}

// PublicationVersion is one version of a publication's content, as it
// was stored: by whom, when, and for a correction of a public one, why.
type PublicationVersion struct {
	Number      int
	At          time.Time
	Actor       string // "" when not known
	Note        string // a correction's change note
	Publication *Publication
}

// ActionOutcome records an organisation's outcome in a follow-up review.
const ActionOutcome Action = "outcome"

// PublicationSteps say who may write a publication, and from which
// statuses: the table the README shows. Inspectors write publications and
// outcomes (a public one's change is a correction, with a change note);
// publishers make them public and withdraw them. The administrator may do
// everything; liaisons and moderators nothing.
var PublicationSteps = []Step{
	{ActionCreate, nil, StatusDraft, []Role{RoleInspector, RoleAdministrator}},
	{ActionEdit, PublicationStatuses, "", []Role{RoleInspector, RoleAdministrator}},
	{ActionOutcome, PublicationStatuses, "", []Role{RoleInspector, RoleAdministrator}},
	{ActionSchedule, []Status{StatusDraft, StatusScheduled}, StatusScheduled, []Role{RolePublisher, RoleAdministrator}},
	{ActionPublish, []Status{StatusDraft, StatusScheduled}, StatusPublished, []Role{RolePublisher, RoleAdministrator}},
	{ActionWithdraw, []Status{StatusPublished}, StatusWithdrawn, []Role{RolePublisher, RoleAdministrator}},
}

// AllowPublication checks that the user may take the action on the
// publication as it stands (nil to create one): EFORBIDDEN when their role
// may not, ECONFLICT when the role may but not from its status.
func AllowPublication(u *User, action Action, p *Publication) error {
	i := slices.IndexFunc(PublicationSteps, func(s Step) bool { return s.Action == action })
	if i < 0 {
		return Errorf(EINVALID, "%q is not an action on a publication", action)
	}
	step := PublicationSteps[i]
	if u == nil || u.Disabled {
		return Errorf(EFORBIDDEN, "sign in to %s a publication", action)
	}
	if !slices.Contains(step.Roles, u.Role) {
		return Errorf(EFORBIDDEN, "a user with the role %s may not %s a publication; that is for %s", u.Role, action, roleList(step.Roles))
	}
	if p == nil || action == ActionCreate {
		return nil
	}
	if !slices.Contains(step.From, p.Status) {
		return Errorf(ECONFLICT, "%s is %s: it cannot %s from there (only from %s)", p.Path(), p.Status, action, statusList(step.From))
	}
	return nil
}

// Outcome is one organisation's outcome in a follow-up review: a point of
// the review's scale, with a narrative. It is public exactly when its
// publication is.
type Outcome struct {
	Publication  string   // slug
	Organisation string   // slug
	Grade        string   // slug on the publication's scale
	Narrative    []string // paragraphs
}

// PublicationPath is the public address of a publication.
func PublicationPath(slug string) string { return "/publications/" + slug }

// OutcomePath is the public address of an organisation's outcome in a
// review.
func OutcomePath(publication, organisation string) string {
	return PublicationPath(publication) + "/" + organisation
}

// Path is the publication's public address.
func (p *Publication) Path() string { return PublicationPath(p.Slug) }

// Path is the outcome's public address.
func (o *Outcome) Path() string { return OutcomePath(o.Publication, o.Organisation) }

// OutcomeTitle is the title of an organisation's outcome page: the
// review's title and the organisation's name, as an assessment's links name
// it ("Abuse of position assessment – Kent Police").
func OutcomeTitle(publication, organisation string) string {
	return publication + " – " + organisation
}

// Grade returns the scale's point with the slug, or nil.
func (p *Publication) Grade(slug string) *Grade {
	for _, g := range p.Scale {
		if g.Slug == slug {
			return g
		}
	}
	return nil
}

// GradeByLabel returns the scale's point whose slug or label matches,
// ignoring case and the kind of space, or nil.
func (p *Publication) GradeByLabel(label string) *Grade {
	for _, g := range p.Scale {
		if g.Slug == label || Fold(g.Label) == Fold(label) {
			return g
		}
	}
	return nil
}

// Validate checks what every publication must have, whatever its source.
func (p *Publication) Validate() error {
	name := p.Slug
	switch {
	case !ValidSlug(p.Slug):
		return Errorf(EINVALID, "slug: %q must be lower-case letters, digits and hyphens", p.Slug)
	case strings.TrimSpace(p.Title) == "":
		return Errorf(EINVALID, "publication %s: title: a publication needs a title", name)
	case !slices.Contains(PublicationKinds, p.Kind):
		return Errorf(EINVALID, "publication %s: kind: %q is not one of %s", name, p.Kind, kindList())
	case !slices.Contains(PublicationStatuses, p.Status):
		return Errorf(EINVALID, "publication %s: status: %q is not one of draft, scheduled, published, withdrawn", name, p.Status)
	case p.Kind != KindFollowUpReview && len(p.Scale) > 0:
		return Errorf(EINVALID, "publication %s: scale: only a follow-up review has an outcome scale", name)
	case p.Kind == KindFollowUpReview && len(p.Scale) == 0:
		return Errorf(EINVALID, "publication %s: scale: a follow-up review needs its outcome scale", name)
	}
	for i, b := range p.Body {
		if strings.TrimSpace(b) == "" {
			return Errorf(EINVALID, "publication %s: body: paragraph %d is empty", name, i+1)
		}
	}
	seen := map[string]bool{}
	for i, o := range p.Organisations {
		if !ValidSlug(o) || seen[o] {
			return Errorf(EINVALID, "publication %s: organisations: item %d, %q, is not a slug or comes twice", name, i+1, o)
		}
		seen[o] = true
	}
	for i, l := range p.Links {
		if strings.TrimSpace(l.Title) == "" {
			return Errorf(EINVALID, "publication %s: links: link %d has no title", name, i+1)
		}
	}
	return validateScale("publication "+name+": scale", p.Scale)
}

func kindList() string {
	list := make([]string, len(PublicationKinds))
	for i, k := range PublicationKinds {
		list[i] = string(k)
	}
	return strings.Join(list, ", ")
}

// SameContent reports whether two publications say the same thing to a
// reader: every word, date, link and point of the scale. Identity and
// status do not count.
func (p *Publication) SameContent(q *Publication) bool {
	return p.Slug == q.Slug && p.Title == q.Title && p.Kind == q.Kind && p.Date == q.Date &&
		p.Summary == q.Summary && slices.Equal(p.Body, q.Body) && slices.Equal(p.Organisations, q.Organisations) &&
		slices.Equal(p.Links, q.Links) &&
		slices.EqualFunc(p.Scale, q.Scale, func(a, b *Grade) bool {
			return a.Slug == b.Slug && a.Label == b.Label && a.Colour == b.Colour
		})
}

// Validate checks an outcome against its publication: a follow-up review,
// and a point of its scale.
func (o *Outcome) Validate(p *Publication) error {
	switch {
	case p.Kind != KindFollowUpReview:
		return Errorf(EINVALID, "publication: %s is a %s, and only a follow-up review records outcomes", p.Slug, strings.ToLower(p.Kind.Label()))
	case p.Grade(o.Grade) == nil:
		labels := make([]string, len(p.Scale))
		for i, g := range p.Scale {
			labels[i] = g.Slug
		}
		return Errorf(EINVALID, "outcome: %q is not on the scale of %s (%s)", o.Grade, p.Slug, strings.Join(labels, ", "))
	case len(o.Narrative) == 0:
		return Errorf(EINVALID, "narrative: an outcome needs a narrative")
	}
	for _, para := range o.Narrative {
		if strings.TrimSpace(para) == "" {
			return Errorf(EINVALID, "narrative: a paragraph is empty")
		}
	}
	return nil
}

// Paragraphs splits text into paragraphs at blank lines, each with its
// lines joined by spaces.
func Paragraphs(text string) []string {
	var list []string
	for _, block := range strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n\n") {
		if p := strings.Join(strings.Fields(block), " "); p != "" {
			list = append(list, p)
		}
	}
	return list
}

// publicationJSON is the public representation, field for field.
type publicationJSON struct {
	Slug          string          `json:"slug"`
	Path          string          `json:"path"`
	Title         string          `json:"title"`
	Kind          PublicationKind `json:"kind"`
	Date          Date            `json:"date"`
	Summary       string          `json:"summary"`
	Body          []string        `json:"body"`
	Organisations []string        `json:"organisations"`
	Links         []linkJSON      `json:"links"`
	Scale         []*Grade        `json:"scale"`
	Status        Status          `json:"status"`
	PublishAt     *time.Time      `json:"publishAt,omitempty"`
	PublishedAt   *time.Time      `json:"publishedAt"`
	Withdrawn     *string         `json:"withdrawnReason,omitempty"`
	Outcomes      *[]*Outcome     `json:"outcomes,omitempty"`
}

type linkJSON struct {
	Title string  `json:"title"`
	Href  *string `json:"href"`
}

// MarshalJSON writes the public representation: null for what is not
// known, empty lists rather than none.
func (p *Publication) MarshalJSON() ([]byte, error) { return json.Marshal(p.document()) }

// PublicationDocument is a publication whole with its outcomes (which only
// a review has), as the API serves it.
type PublicationDocument struct {
	Publication *Publication
	Outcomes    []*Outcome
}

// MarshalJSON writes the publication's representation with "outcomes".
func (d PublicationDocument) MarshalJSON() ([]byte, error) {
	v := d.Publication.document()
	outcomes := nonNil(d.Outcomes)
	v.Outcomes = &outcomes
	return json.Marshal(v)
}

func (p *Publication) document() publicationJSON {
	v := publicationJSON{
		Slug: p.Slug, Path: p.Path(), Title: p.Title, Kind: p.Kind, Date: p.Date, Summary: p.Summary,
		Body: nonNil(p.Body), Organisations: nonNil(p.Organisations), Links: []linkJSON{}, Scale: nonNil(p.Scale),
		Status: p.Status, PublishAt: p.PublishAt, PublishedAt: p.PublishedAt, Withdrawn: nullable(p.Withdrawn),
	}
	for _, l := range p.Links {
		v.Links = append(v.Links, linkJSON{Title: l.Title, Href: nullable(l.Href)})
	}
	return v
}

// MarshalJSON writes the outcome with its address.
func (o *Outcome) MarshalJSON() ([]byte, error) {
	return json.Marshal(struct {
		Publication  string   `json:"publication"`
		Organisation string   `json:"organisation"`
		Path         string   `json:"path"`
		Outcome      string   `json:"outcome"`
		Narrative    []string `json:"narrative"`
	}{o.Publication, o.Organisation, o.Path(), o.Grade, nonNil(o.Narrative)})
}
