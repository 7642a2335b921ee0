package peel

// NotGraded is how a table of grades says an item was given no grade, as
// against an empty cell, which says nothing is known of it.
const NotGraded = "Not graded"

// GradedItem is one grade as a table of grades states it: an assessment's
// pillar grade (Question 0), or one of its questions' grades. A table of
// grades is a list of them; the open data downloads are one, too.
type GradedItem struct {
	Framework    string // slug
	Organisation string // slug
	Pillar       string // slug
	Question     int    // the question's number; 0 for the pillar's own grade
	QuestionText string // the question as the page words it; "" for the framework's wording
	Grade        string // the grade's slug on the framework's scale; "" when not graded
	LastUpdated  Date   // zero when not known
	Source       string // the address of the published page that states it, if known
}

// Path is the public address of the item's assessment.
func (g GradedItem) Path() string {
	return AssessmentPath(g.Framework, g.Organisation, g.Pillar)
}
