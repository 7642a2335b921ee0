package web

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/peel-oss/peel/internal/check"
	"github.com/peel-oss/peel/internal/peel"
	"github.com/peel-oss/peel/internal/store"
)

// The edit form of an assessment: a draft's content, saved through
// SaveDraft, or a published page's correction, saved through Correct. Each
// piece of content is one field of text; lists are written as paragraphs
// separated by a blank line, so that the form works without JavaScript.

// formField is one field of an editor's form, as the formField template
// draws it.
type formField struct {
	Kind     string // "input", "textarea" or "select"
	Name     string // also its id
	Label    string
	Hint     string
	Value    string
	Options  []option // a select's
	Rows     int      // a textarea's
	Error    string
	Warnings []string // what the editorial checks found
	Theirs   *theirs  // on a refused save, what is stored now where it differs
}

// theirs is what someone else stored in a field meanwhile.
type theirs struct {
	Version int
	Lines   []string // the stored text, a line each; none when it is empty
}

func (f *formField) ID() string { return f.Name }

// DescribedBy is the ids of the field's hint and error, for
// aria-describedby.
func (f *formField) DescribedBy() string {
	var ids []string
	if f.Hint != "" {
		ids = append(ids, f.Name+"-hint")
	}
	if f.Error != "" {
		ids = append(ids, f.Name+"-error")
	}
	if f.Theirs != nil {
		ids = append(ids, f.Name+"-theirs")
	}
	return strings.Join(ids, " ")
}

// selectedText is the text of a select's option chosen, or its value.
func (f *formField) selectedText() string {
	for _, o := range f.Options {
		if o.Value == f.Value && o.Value != "" {
			return o.Text
		}
	}
	return f.Value
}

// editAssessmentPage is an assessment's edit form.
type editAssessmentPage struct {
	page
	Force, Cycle, PillarName string
	ReadPath, Action         string
	Version                  int  // the version the form was read at
	Correction               bool // a published page's correction
	Saved                    int  // the version just saved, for its banner
	Conflict                 int  // the version stored now, when a save was refused for it
	Errors                   []formError
	Checks                   []formError // the editorial checks' warnings, linked to their fields
	Main                     []*formField
	Questions                []questionFields
	Findings                 []*formField
	Change                   string // "minor" or "major", for a correction
	ChangeError              string
	Note                     *formField
}

type questionFields struct {
	Number int
	Text   string
	Fields []*formField
}

// Hints that say how to write each kind of field.
const (
	paragraphsHint = "Separate paragraphs with a blank line."
	narrativeHint  = "Separate paragraphs with a blank line. Put a related publication on a line of its own as Link: Title | https://address, or Link: Title when it has no address."
	concernsHint   = "Separate causes of concern with a blank line. Write each cause of concern first, then each of its recommendations on a line of its own that starts Recommendation:"
	rationaleHint  = "Why the pillar grade is what it is when it is two or more grades from a question’s. Only editors see this."
)

// formValues is the assessment as the edit form's fields hold it, by name.
func formValues(a *peel.Assessment) map[string]string {
	v := map[string]string{
		"headline": a.Headline, "grade": a.Grade, "summary": strings.Join(a.Summary, "\n\n"),
		"improvements": strings.Join(a.Improvements, "\n\n"), "rationale": a.Rationale,
	}
	var concerns []string
	for _, c := range a.Concerns {
		lines := []string{c.Text}
		for _, rec := range c.Recommendations {
			lines = append(lines, recommendationPrefix+" "+rec)
		}
		concerns = append(concerns, strings.Join(lines, "\n"))
	}
	v["concerns"] = strings.Join(concerns, "\n\n")
	for _, j := range a.Judgments {
		var b strings.Builder
		for i, block := range j.Body {
			if i > 0 {
				// Links that follow each other stay on lines that follow.
				if block.Link != nil && j.Body[i-1].Link != nil {
					b.WriteString("\n")
				} else {
					b.WriteString("\n\n")
				}
			}
			switch {
			case block.Link == nil:
				b.WriteString(block.Paragraph)
			case block.Link.Href == "":
				b.WriteString(linkPrefix + " " + block.Link.Title)
			default:
				b.WriteString(linkPrefix + " " + block.Link.Title + " | " + block.Link.Href)
			}
		}
		q := "q" + strconv.Itoa(j.Number) + "-"
		v[q+"grade"], v[q+"carried"], v[q+"narrative"] = j.Grade, j.CarriedOver, b.String()
	}
	return v
}

const (
	linkPrefix           = "Link:"
	recommendationPrefix = "Recommendation:"
)

// chunks splits text at blank lines into runs of lines, each trimmed.
func chunks(text string) [][]string {
	var out [][]string
	var run []string
	for _, line := range strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n") {
		if line = strings.TrimSpace(line); line == "" {
			if run != nil {
				out, run = append(out, run), nil
			}
			continue
		}
		run = append(run, line)
	}
	if run != nil {
		out = append(out, run)
	}
	return out
}

// paragraphs reads paragraphs separated by blank lines; the lines of one
// paragraph are joined by spaces.
func paragraphs(text string) []string {
	var out []string
	for _, c := range chunks(text) {
		out = append(out, strings.Join(c, " "))
	}
	return out
}

// normalText is text as paragraphs makes of it, to tell whether two
// versions of a field say the same.
func normalText(text string) string {
	var out []string
	for _, c := range chunks(text) {
		out = append(out, strings.Join(c, "\n"))
	}
	return strings.Join(out, "\n\n")
}

// narrative reads a question's narrative: paragraphs, and links each on a
// line of its own.
func narrative(text string) ([]peel.Block, error) {
	var blocks []peel.Block
	for _, c := range chunks(text) {
		var para []string
		flush := func() {
			if para != nil {
				blocks, para = append(blocks, peel.Block{Paragraph: strings.Join(para, " ")}), nil
			}
		}
		for _, line := range c {
			rest, ok := strings.CutPrefix(line, linkPrefix)
			if !ok {
				para = append(para, line)
				continue
			}
			flush()
			title, href := strings.TrimSpace(rest), ""
			if i := strings.LastIndex(title, "|"); i >= 0 {
				title, href = strings.TrimSpace(title[:i]), strings.TrimSpace(title[i+1:])
			}
			if title == "" {
				return nil, fmt.Errorf("the link %q needs a title before its address", line)
			}
			if href != "" && !webAddress(href) {
				return nil, fmt.Errorf("the link %q has an address that is not a web address (https://…, or a path that starts with /)", line)
			}
			blocks = append(blocks, peel.Block{Link: &peel.Link{Title: title, Href: href}})
		}
		flush()
	}
	return blocks, nil
}

func webAddress(s string) bool {
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "https" || u.Scheme == "http") && u.Host != "" || strings.HasPrefix(s, "/") && !strings.HasPrefix(s, "//")
}

// concerns reads causes of concern, each followed by its recommendations.
func concerns(text string) ([]*peel.Concern, error) {
	var out []*peel.Concern
	for _, c := range chunks(text) {
		concern := &peel.Concern{}
		var words []string
		for _, line := range c {
			if rec, ok := strings.CutPrefix(line, recommendationPrefix); ok {
				if words == nil {
					return nil, fmt.Errorf("the recommendation %q comes before any cause of concern: write the cause of concern first", line)
				}
				if rec = strings.TrimSpace(rec); rec == "" {
					return nil, fmt.Errorf("a line that starts %s needs the recommendation after it", recommendationPrefix)
				}
				concern.Recommendations = append(concern.Recommendations, rec)
				continue
			}
			words = append(words, line)
		}
		concern.Text = strings.Join(words, " ")
		out = append(out, concern)
	}
	return out, nil
}

// editForm is what the edit form needs besides the values: the framework,
// the earlier cycles a grade may be carried over from, and the questions.
type editForm struct {
	fw        *peel.Framework
	earlier   []*peel.Framework
	judgments []*peel.Judgment // the stored assessment's, for their numbers and words
}

func (s *Server) newEditForm(ctx context.Context, a *peel.Assessment) (*editForm, error) {
	fws, err := s.Store.FindFrameworks(ctx)
	if err != nil {
		return nil, err
	}
	f := &editForm{judgments: a.Judgments}
	for _, fw := range fws {
		if fw.Slug == a.Framework {
			f.fw = fw
		}
	}
	if f.fw == nil {
		return nil, peel.Errorf(peel.ENOTFOUND, "no framework %s", a.Framework)
	}
	for _, fw := range fws {
		if fw.Programme == f.fw.Programme && fw.Cycle < f.fw.Cycle {
			f.earlier = append(f.earlier, fw)
		}
	}
	return f, nil
}

// gradeSelect is a select of the framework's grades and Ungraded.
func (f *editForm) gradeSelect(name, label, value string) *formField {
	field := &formField{Kind: "select", Name: name, Label: label, Value: value, Options: []option{{Text: peel.Ungraded, Selected: value == ""}}}
	for _, g := range f.fw.Scale {
		field.Options = append(field.Options, option{Value: g.Slug, Text: g.Label, Selected: g.Slug == value})
	}
	return field
}

// fields lays out the form with the values given.
func (f *editForm) fields(data *editAssessmentPage, v map[string]string) {
	data.Main = []*formField{
		{Kind: "input", Name: "headline", Label: "Headline question", Value: v["headline"]},
		f.gradeSelect("grade", "Pillar grade", v["grade"]),
		{Kind: "textarea", Name: "summary", Label: "Summary", Hint: paragraphsHint, Value: v["summary"], Rows: 8},
	}
	for _, j := range f.judgments {
		q := "q" + strconv.Itoa(j.Number) + "-"
		carried := &formField{Kind: "select", Name: q + "carried", Label: "Grade carried over from", Value: v[q+"carried"],
			Hint: "When the grade is the one given in an earlier cycle, that cycle.", Options: []option{{Text: "Not carried over", Selected: v[q+"carried"] == ""}}}
		for _, e := range f.earlier {
			carried.Options = append(carried.Options, option{Value: e.Slug, Text: e.Name(), Selected: e.Slug == v[q+"carried"]})
		}
		data.Questions = append(data.Questions, questionFields{Number: j.Number, Text: j.Question, Fields: []*formField{
			f.gradeSelect(q+"grade", "Grade", v[q+"grade"]),
			carried,
			{Kind: "textarea", Name: q + "narrative", Label: "Narrative", Hint: narrativeHint, Value: v[q+"narrative"], Rows: 10},
		}})
	}
	data.Findings = []*formField{
		{Kind: "textarea", Name: "improvements", Label: "Areas for improvement", Hint: paragraphsHint, Value: v["improvements"], Rows: 6},
		{Kind: "textarea", Name: "concerns", Label: "Causes of concern and their recommendations", Hint: concernsHint, Value: v["concerns"], Rows: 8},
		{Kind: "textarea", Name: "rationale", Label: "Rationale for the pillar grade", Hint: rationaleHint, Value: v["rationale"], Rows: 4},
	}
}

// each calls fn for every content field of the page.
func (data *editAssessmentPage) each(fn func(*formField)) {
	for _, f := range data.Main {
		fn(f)
	}
	for _, q := range data.Questions {
		for _, f := range q.Fields {
			fn(f)
		}
	}
	for _, f := range data.Findings {
		fn(f)
	}
}

// field returns the page's content field with the name, or nil.
func (data *editAssessmentPage) field(name string) *formField {
	var found *formField
	data.each(func(f *formField) {
		if f.Name == name {
			found = f
		}
	})
	return found
}

// parse reads the form's values into a copy of a, marking each field
// whose value is wrong on the page.
func (f *editForm) parse(a *peel.Assessment, v map[string]string, data *editAssessmentPage) *peel.Assessment {
	fail := func(name, text string) {
		field := data.field(name)
		field.Error = text
		data.Errors = append(data.Errors, formError{Href: "#" + name, Text: text})
	}
	grade := func(name, value, what string) string {
		if value != "" && f.fw.Grade(value) == nil {
			fail(name, what+": select a grade from the list")
		}
		return value
	}
	next := *a
	if next.Headline = strings.TrimSpace(v["headline"]); next.Headline == "" {
		fail("headline", "Enter the headline question")
	}
	next.Grade = grade("grade", v["grade"], "Pillar grade")
	next.Summary = paragraphs(v["summary"])
	next.Judgments = nil
	for _, j := range f.judgments {
		q := "q" + strconv.Itoa(j.Number) + "-"
		what := "Question " + strconv.Itoa(j.Number)
		k := &peel.Judgment{Number: j.Number, Question: j.Question, Grade: grade(q+"grade", v[q+"grade"], what+" grade")}
		if k.CarriedOver = v[q+"carried"]; k.CarriedOver != "" {
			switch {
			case !slices.ContainsFunc(f.earlier, func(e *peel.Framework) bool { return e.Slug == k.CarriedOver }):
				fail(q+"carried", what+": select an earlier cycle from the list, or Not carried over")
			case k.Grade == "":
				fail(q+"grade", what+": select the grade carried over from an earlier cycle")
			}
		}
		var err error
		if k.Body, err = narrative(v[q+"narrative"]); err != nil {
			fail(q+"narrative", what+" narrative: "+err.Error())
		}
		next.Judgments = append(next.Judgments, k)
	}
	next.Improvements = paragraphs(v["improvements"])
	var err error
	if next.Concerns, err = concerns(v["concerns"]); err != nil {
		fail("concerns", "Causes of concern: "+err.Error())
	}
	next.Rationale = strings.TrimSpace(normalText(v["rationale"]))
	return &next
}

// warn runs the editorial checks on a and shows each failure next to the
// field it concerns, and all of them at the top.
func (s *Server) warn(ctx context.Context, a *peel.Assessment, data *editAssessmentPage) error {
	fws, err := s.Store.FindFrameworks(ctx)
	if err != nil {
		return err
	}
	grades := map[string]string{}
	var prev *peel.Framework
	if i := slices.IndexFunc(fws, func(f *peel.Framework) bool { return f.Slug == a.Framework }); i >= 0 {
		prev = check.Previous(fws, fws[i])
	}
	if prev != nil {
		// The previous cycle's grade a page states is the published one.
		list, err := s.Store.FindAssessments(ctx, store.AssessmentFilter{Framework: prev.Slug, Organisation: a.Organisation, Public: true})
		if err != nil {
			return err
		}
		for _, b := range list {
			grades[b.Pillar] = b.Grade
		}
	}
	lookup := func(framework, organisation, pillar string) (string, bool) {
		if prev == nil || framework != prev.Slug || organisation != a.Organisation {
			return "", false
		}
		g, ok := grades[pillar]
		return g, ok
	}
	for _, finding := range check.Assessment(a, fws, lookup, a.Rationale) {
		if finding.Note {
			continue
		}
		name := "summary"
		switch {
		case finding.Check == check.Rationale:
			name = "rationale"
		case finding.Question > 0:
			name = "q" + strconv.Itoa(finding.Question) + "-narrative"
		}
		text := capitalise(finding.Message)
		if finding.Sentence != "" {
			text += ": “" + finding.Sentence + "”"
		}
		if f := data.field(name); f != nil {
			f.Warnings = append(f.Warnings, text)
		}
		data.Checks = append(data.Checks, formError{Href: "#" + name, Text: text})
	}
	return nil
}

// editSetup reads the assessment to edit for the user and lays out the
// frame of its form: a draft's edit (ActionEdit), or a published page's
// correction (ActionCorrect). One the user may not read is not found; one
// they may not edit now is refused.
func (s *Server) editSetup(w http.ResponseWriter, r *http.Request, sess *peel.Session) (*peel.Assessment, peel.Action, *editForm, *editAssessmentPage, bool) {
	a, err := s.Store.ReadAssessment(r.Context(), sess.User, r.PathValue("framework"), r.PathValue("organisation"), r.PathValue("pillar"))
	action := peel.ActionEdit
	if err == nil && a.Status.Public() {
		action = peel.ActionCorrect
	}
	if err == nil {
		err = peel.Allow(sess.User, action, a)
	}
	var f *editForm
	if err == nil {
		f, err = s.newEditForm(r.Context(), a)
	}
	var data *editAssessmentPage
	if err == nil {
		data, err = s.editPage(r, sess, a, f, action)
	}
	if err != nil {
		s.error(w, r, err)
		return nil, "", nil, nil, false
	}
	return a, action, f, data, true
}

// editPage is the frame of the edit form of a.
func (s *Server) editPage(r *http.Request, sess *peel.Session, a *peel.Assessment, f *editForm, action peel.Action) (*editAssessmentPage, error) {
	orgs, err := s.Store.FindOrganisations(r.Context(), store.OrganisationFilter{Slug: a.Organisation})
	if err != nil {
		return nil, err
	}
	data := &editAssessmentPage{Force: a.Organisation, Cycle: f.fw.Name(), PillarName: f.fw.PillarName(a.Pillar),
		ReadPath: editorPath(a), Action: editorPath(a) + "/edit", Version: a.Version, Correction: action == peel.ActionCorrect}
	if len(orgs) > 0 {
		data.Force = orgs[0].Name
	}
	title := "Edit: "
	if data.Correction {
		title = "Correct: "
		data.Note = &formField{Kind: "textarea", Name: "note", Label: "Change note", Rows: 3,
			Hint: "Needed for a major change. The page history shows it to the public."}
	}
	data.page = s.editorFrame(r, title+data.Force+": "+data.PillarName+", "+data.Cycle, sess)
	data.Breadcrumbs = []crumb{{"Assessments", "/editor"}, {data.Force + ": " + data.PillarName + ", " + data.Cycle, data.ReadPath}}
	return data, nil
}

// handleAssessmentEdit is the edit form of a draft, or the correction form
// of a published page, with the editorial checks' warnings.
func (s *Server) handleAssessmentEdit(w http.ResponseWriter, r *http.Request) {
	sess := s.editorSession(w, r)
	if sess == nil {
		return
	}
	a, _, f, data, ok := s.editSetup(w, r, sess)
	if !ok {
		return
	}
	ctx := r.Context()
	f.fields(data, formValues(a))
	if saved, err := strconv.Atoi(r.URL.Query().Get("saved")); err == nil && saved == a.Version {
		data.Saved = saved
	}
	if err := s.warn(ctx, a, data); err != nil {
		s.error(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "editor-edit.html", data)
}

// handleAssessmentUpdate saves the edit form: a draft through SaveDraft, a
// correction through Correct. A save made on a version no longer stored is
// refused with the form as typed, and what is stored now beside each field
// that differs, so that nothing typed is lost.
func (s *Server) handleAssessmentUpdate(w http.ResponseWriter, r *http.Request) {
	sess := s.editorForm(w, r)
	if sess == nil {
		return
	}
	a, action, f, data, ok := s.editSetup(w, r, sess)
	if !ok {
		return
	}
	ctx := r.Context()
	read, err := strconv.Atoi(r.PostFormValue("version"))
	if err != nil || read < 1 {
		s.error(w, r, peel.Errorf(peel.EINVALID, "version: the form does not say which version it was read at; reload the edit form"))
		return
	}
	data.Version = read
	typed := map[string]string{}
	for name := range formValues(a) {
		typed[name] = r.PostFormValue(name)
	}
	f.fields(data, typed)
	next := f.parse(a, typed, data)
	note := ""
	if data.Correction {
		data.Note.Value = r.PostFormValue("note")
		switch data.Change = r.PostFormValue("change"); data.Change {
		case "minor":
		case "major":
			if note = strings.TrimSpace(data.Note.Value); note == "" {
				data.Note.Error = "Enter a change note: a major change needs one"
				data.Errors = append(data.Errors, formError{Href: "#note", Text: data.Note.Error})
			}
		default:
			data.ChangeError = "Select whether this is a minor or a major change"
			data.Errors = append(data.Errors, formError{Href: "#change", Text: data.ChangeError})
		}
	}
	if data.Errors != nil {
		data.Title = "Error: " + data.Title
		s.render(w, r, http.StatusBadRequest, "editor-edit.html", data)
		return
	}
	var saved *peel.Assessment
	if action == peel.ActionCorrect {
		saved, err = s.Store.Correct(ctx, sess.User, next, read, note)
	} else {
		saved, err = s.Store.SaveDraft(ctx, sess.User, next, read)
	}
	var conflict *store.ConflictError
	switch {
	case errors.As(err, &conflict):
		s.conflict(w, r, data, conflict)
		return
	case peel.ErrorCode(err) == peel.EINVALID:
		// What the form could not tell, such as a grade the framework
		// lost meanwhile.
		data.Errors = []formError{{Href: "#headline", Text: capitalise(peel.ErrorMessage(err))}}
		data.Title = "Error: " + data.Title
		s.render(w, r, http.StatusBadRequest, "editor-edit.html", data)
		return
	case err != nil:
		s.error(w, r, err)
		return
	}
	http.Redirect(w, r, editorPath(saved)+"/edit?saved="+strconv.Itoa(saved.Version), http.StatusSeeOther)
}

// conflict answers a save refused because someone else saved meanwhile:
// the form as typed, with what is stored now beside each field that
// differs, and the version set to the stored one, so that saving again
// deliberately replaces it.
func (s *Server) conflict(w http.ResponseWriter, r *http.Request, data *editAssessmentPage, ce *store.ConflictError) {
	current := formValues(ce.Current)
	first := ""
	data.each(func(f *formField) {
		if normalText(f.Value) == normalText(current[f.Name]) {
			return
		}
		t := &theirs{Version: ce.Current.Version}
		if stored := normalText(current[f.Name]); stored != "" {
			t.Lines = strings.Split(stored, "\n")
		}
		if f.Kind == "select" {
			stored := *f
			stored.Value = current[f.Name]
			t.Lines = []string{stored.selectedText()}
			if t.Lines[0] == "" {
				t.Lines = []string{stored.Options[0].Text}
			}
		}
		f.Theirs = t
		if first == "" {
			first = f.Name
		}
	})
	if first == "" {
		first = "headline"
	}
	data.Version, data.Conflict = ce.Current.Version, ce.Current.Version
	data.Errors = []formError{{Href: "#" + first, Text: fmt.Sprintf(
		"Someone else changed this assessment while you were editing it: it is now at version %d. Nothing you typed was saved. Their text is shown under each field that differs; save again to replace it with yours", ce.Current.Version)}}
	data.Title = "Error: " + data.Title
	s.render(w, r, http.StatusConflict, "editor-edit.html", data)
}
