package peel

import (
	"regexp"
	"slices"
	"strings"
)

// Framework is one cycle of an inspection programme (PEEL 2016, PEEL
// 2018/19, …): a grading scale and pillars in order, each with numbered
// questions. Frameworks are data: a new cycle is a file, not a change of code.
type Framework struct {
	ID        int64     `json:"-"`
	Slug      string    `json:"slug"`
	Programme string    `json:"programme"`
	Cycle     string    `json:"cycle"`
	Scale     []*Grade  `json:"scale"`
	Pillars   []*Pillar `json:"pillars"`
}

// Grade is one point of a framework's scale, best first.
type Grade struct {
	ID     int64  `json:"-"`
	Slug   string `json:"slug"`
	Label  string `json:"label"`
	Colour string `json:"colour,omitempty"`
}

// Pillar is a section of a framework (Effectiveness, Efficiency, …) with its
// headline question and numbered questions.
type Pillar struct {
	ID        int64       `json:"-"`
	Slug      string      `json:"slug"`
	Name      string      `json:"name"`
	Headline  string      `json:"headlineQuestion,omitempty"`
	Questions []*Question `json:"questions,omitempty"`
}

// Question is one numbered question of a pillar.
type Question struct {
	ID     int64  `json:"-"`
	Number int    `json:"number"`
	Text   string `json:"text"`
}

// Ungraded is how a page says an item has no grade.
const Ungraded = "Ungraded"

// TagColours are the colours a grade's tag may take: GOV.UK Frontend's tag
// modifiers, and blue for its plain tag. An empty colour is shown grey.
var TagColours = []string{"blue", "green", "teal", "purple", "magenta", "red", "orange", "yellow", "grey"}

// Name is how pages title the cycle: "PEEL 2016".
func (f *Framework) Name() string {
	return f.Programme + " " + f.Cycle
}

// Grade returns the scale's grade with the slug, or nil.
func (f *Framework) Grade(slug string) *Grade {
	for _, g := range f.Scale {
		if g.Slug == slug {
			return g
		}
	}
	return nil
}

// GradeByLabel returns the scale's grade whose label matches, ignoring case
// and the kind of space, or nil.
func (f *Framework) GradeByLabel(label string) *Grade {
	for _, g := range f.Scale {
		if Fold(g.Label) == Fold(label) {
			return g
		}
	}
	return nil
}

// GradeLabels lists the scale's labels in order, for messages.
func (f *Framework) GradeLabels() []string {
	labels := make([]string, len(f.Scale))
	for i, g := range f.Scale {
		labels[i] = g.Label
	}
	return labels
}

// Pillar returns the pillar with the slug, or nil.
func (f *Framework) Pillar(slug string) *Pillar {
	for _, p := range f.Pillars {
		if p.Slug == slug {
			return p
		}
	}
	return nil
}

// PillarName returns the name of the pillar with the slug, or the slug
// itself when the framework has no such pillar.
func (f *Framework) PillarName(slug string) string {
	if p := f.Pillar(slug); p != nil {
		return p.Name
	}
	return slug
}

// PillarByName returns the pillar whose name matches, ignoring case and the
// kind of space, or nil.
func (f *Framework) PillarByName(name string) *Pillar {
	for _, p := range f.Pillars {
		if Fold(p.Name) == Fold(name) {
			return p
		}
	}
	return nil
}

// Question returns the pillar's question with the number, or nil.
func (p *Pillar) Question(number int) *Question {
	for _, q := range p.Questions {
		if q.Number == number {
			return q
		}
	}
	return nil
}

// Validate checks a framework as a whole: slugs, a non-empty scale with
// distinct grades, distinct pillars and questions numbered from 1.
func (f *Framework) Validate() error {
	if !ValidSlug(f.Slug) {
		return Errorf(EINVALID, "framework slug %q must be lower-case letters, digits and hyphens", f.Slug)
	}
	if strings.TrimSpace(f.Programme) == "" || strings.TrimSpace(f.Cycle) == "" {
		return Errorf(EINVALID, "framework %s needs a programme and a cycle", f.Slug)
	}
	if len(f.Scale) == 0 {
		return Errorf(EINVALID, "framework %s has an empty scale", f.Slug)
	}
	if err := validateScale("framework "+f.Slug, f.Scale); err != nil {
		return err
	}
	seen := map[string]bool{}
	for i, p := range f.Pillars {
		switch {
		case !ValidSlug(p.Slug):
			return Errorf(EINVALID, "framework %s: pillar %d: slug %q must be lower-case letters, digits and hyphens", f.Slug, i+1, p.Slug)
		case p.Name == "":
			return Errorf(EINVALID, "framework %s: pillar %s has no name", f.Slug, p.Slug)
		case seen["p:"+p.Slug]:
			return Errorf(EINVALID, "framework %s: pillar %s appears twice", f.Slug, p.Slug)
		}
		seen["p:"+p.Slug] = true
		for j, q := range p.Questions {
			if q.Number != j+1 {
				return Errorf(EINVALID, "framework %s: pillar %s: questions must be numbered 1, 2, 3, … in order; found %d in place %d", f.Slug, p.Slug, q.Number, j+1)
			}
			if strings.TrimSpace(q.Text) == "" {
				return Errorf(EINVALID, "framework %s: pillar %s: question %d has no text", f.Slug, p.Slug, q.Number)
			}
		}
	}
	return nil
}

// validateScale checks a scale's grades have slugs, labels and colours,
// none twice; what names the scale's owner starts each message.
func validateScale(owner string, scale []*Grade) error {
	seen := map[string]bool{}
	for i, g := range scale {
		switch {
		case !ValidSlug(g.Slug):
			return Errorf(EINVALID, "%s: scale item %d: slug %q must be lower-case letters, digits and hyphens", owner, i+1, g.Slug)
		case g.Label == "":
			return Errorf(EINVALID, "%s: grade %s has no label", owner, g.Slug)
		case Fold(g.Label) == Fold(Ungraded):
			return Errorf(EINVALID, "%s: %q means no grade and cannot be on a scale", owner, g.Label)
		case g.Colour != "" && !slices.Contains(TagColours, g.Colour):
			return Errorf(EINVALID, "%s: grade %s: colour %q is not one of %s", owner, g.Slug, g.Colour, strings.Join(TagColours, ", "))
		case seen["g:"+g.Slug] || seen["l:"+Fold(g.Label)]:
			return Errorf(EINVALID, "%s: grade %q appears twice on the scale", owner, g.Label)
		}
		seen["g:"+g.Slug], seen["l:"+Fold(g.Label)] = true, true
	}
	return nil
}

var slugRE = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)

// ValidSlug reports whether s can name something in an address.
func ValidSlug(s string) bool { return slugRE.MatchString(s) }

// Slugify makes a slug of a name: "Requires improvement" → "requires-improvement".
func Slugify(name string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(name) {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			b.WriteRune(r)
			dash = false
		} else {
			dash = true
		}
	}
	return b.String()
}

// Fold makes text comparable the way a reader compares it: case and the
// kind or number of spaces (a non-breaking space is a space) do not matter.
func Fold(s string) string {
	return strings.ToLower(strings.Join(strings.Fields(s), " "))
}
