package web

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/peel-oss/peel/internal/peel"
	"github.com/peel-oss/peel/internal/store"
)

// The editor's publications: national overviews, thematic reports and
// follow-up reviews, in every status, with their versions. Inspectors
// write them and record a review's outcomes; publishers make them public
// and withdraw them (peel.PublicationSteps). The store checks the writes
// of content again, in the transaction.

type editorPublicationsPage struct {
	page
	CanCreate bool
	Rows      []publicationRow
	Pager     pager
}

type publicationRow struct {
	*peel.Publication
	Path   string // its page in the editor
	Status statusView
}

// publicationFormPage is the form that creates a publication or edits
// one: each text field a formField, so that a refused save shows what is
// stored now beside it.
type publicationFormPage struct {
	page
	Action     string // where the form posts
	ReadPath   string // the publication's page in the editor; "" for a new one
	Correction bool   // an edit of a public publication
	Version    int    // the version the form was read at
	Conflict   int    // the version stored now, when a save was refused for it
	Errors     []formError
	Slug       *formField // nil when editing: a publication keeps its slug
	PubTitle   *formField
	Kind       string
	KindErr    string
	Kinds      []peel.PublicationKind
	Date       *dateTime
	Summary    *formField
	Body       *formField
	AllForces  bool
	Orgs       []orgChoice
	OrgsErr    string
	Links      *formField
	Scale      *formField
	Note       *formField
	slug       string               // the stored publication's, when editing
	orgs       []*peel.Organisation // every organisation, as the form offers them
}

// orgChoice is one organisation's checkbox.
type orgChoice struct {
	Slug, Name string
	Checked    bool
}

// editorPublicationPage is a publication in the editor: what it says, its
// outcomes and versions, and the steps the user may take now.
type editorPublicationPage struct {
	page
	Done        string
	Form        form
	Publication *peel.Publication
	Status      statusView
	Path        string
	CanEdit     bool
	CanOutcome  bool // a follow-up review, and the user records outcomes
	Steps       []publicationStep
	PublishAt   *dateTime
	Reason      string // as typed, for a withdrawal sent back
	Outcomes    []outcomeRow
	Covered     []option // the organisations to record an outcome for
	Versions    []*peel.PublicationVersion
}

type outcomeRow struct {
	Name, Href string
	Grade      *peel.Grade
	Narrative  []string
}

// publicationStep is a form on a publication's page: publish, schedule or
// withdraw.
type publicationStep struct {
	Action peel.Action
	Label  string
}

// editorOutcomePage records one organisation's outcome in a review.
type editorOutcomePage struct {
	page
	Form         form
	Publication  *peel.Publication
	Organisation *peel.Organisation
	Path, Back   string
	Grade        string
	Narrative    string
}

// publicationDone are the success banners, by ?done=.
var publicationDone = map[string]string{
	"created":                   "Publication created as a draft",
	"saved":                     "Changes saved as a new version",
	"unchanged":                 "Nothing was saved: the content is as stored",
	"outcome":                   "Outcome recorded",
	string(peel.ActionPublish):  "It has been published",
	string(peel.ActionSchedule): "Its publication has been scheduled",
	string(peel.ActionWithdraw): "It has been withdrawn",
}

const editorPublicationsPerPage = 25

func editorPublicationPath(slug string) string { return "/editor/publications/" + slug }

// mayReadPublications refuses liaisons: they see publications only once
// they are public, on the public site.
func mayReadPublications(u *peel.User) error {
	if u == nil || u.Role == peel.RoleLiaison {
		return peel.Errorf(peel.EFORBIDDEN, "a liaison sees publications on the public site once they are published")
	}
	return nil
}

// handleEditorPublications lists every publication in every status, the
// last changed first.
func (s *Server) handleEditorPublications(w http.ResponseWriter, r *http.Request) {
	sess := s.editorSession(w, r)
	if sess == nil {
		return
	}
	if err := mayReadPublications(sess.User); err != nil {
		s.editorError(w, r, sess, err)
		return
	}
	pg, err := parsePager(r, editorPublicationsPerPage, 200)
	if err != nil {
		s.editorError(w, r, sess, err)
		return
	}
	list, total, err := s.Store.FindPublications(r.Context(), store.PublicationFilter{Recent: true, Limit: pg.PerPage, Offset: pg.Offset()})
	if err != nil {
		s.editorError(w, r, sess, err)
		return
	}
	if pg.Total = total; pg.Beyond() {
		s.editorError(w, r, sess, peel.Errorf(peel.ENOTFOUND, "no page %d", pg.Page))
		return
	}
	data := &editorPublicationsPage{page: s.editorFrame(r, "Publications", sess), Pager: pg,
		CanCreate: peel.AllowPublication(sess.User, peel.ActionCreate, nil) == nil}
	for _, p := range list {
		data.Rows = append(data.Rows, publicationRow{Publication: p, Path: editorPublicationPath(p.Slug), Status: statusViews[p.Status]})
	}
	s.render(w, r, http.StatusOK, "editor-publications.html", data)
}

// publicationForm lays out the form with the publication's values.
func (s *Server) publicationForm(r *http.Request, sess *peel.Session, p *peel.Publication) (*publicationFormPage, error) {
	n, err := s.names(r.Context())
	if err != nil {
		return nil, err
	}
	data := &publicationFormPage{Kinds: peel.PublicationKinds, Kind: string(p.Kind), Version: p.Version, orgs: n.orgList,
		PubTitle: &formField{Kind: "input", Name: "title", Label: "Title", Value: p.Title},
		Summary:  &formField{Kind: "textarea", Name: "summary", Label: "Summary", Hint: "One paragraph.", Value: p.Summary, Rows: 3},
		Body:     &formField{Kind: "textarea", Name: "body", Label: "Body", Hint: paragraphsHint, Value: strings.Join(p.Body, "\n\n"), Rows: 10},
		Links: &formField{Kind: "textarea", Name: "links", Label: "Related documents (optional)", Rows: 4, Value: linkLines(p.Links),
			Hint: "One a line, as Title | https://address, or the title alone when it has no address."},
		Scale: &formField{Kind: "textarea", Name: "scale", Label: "Outcome scale (follow-up reviews only)", Rows: 4, Value: scaleLines(p.Scale),
			Hint: "One point a line, from best to worst, as slug | Label | colour, such as met | Met in full | green. The colour is one of " + strings.Join(peel.TagColours, ", ") + "."},
	}
	var date *time.Time
	if !p.Date.IsZero() {
		date = &p.Date.Time
	}
	data.Date = newDateTime("date", "Publication date", "Optional: the date the document gives, such as 27 3 2017.", date)
	data.Date.NoClock = true
	if date != nil {
		// A day, not a moment: no zone moves it.
		data.Date.Day, data.Date.Month, data.Date.Year = strconv.Itoa(date.Day()), strconv.Itoa(int(date.Month())), strconv.Itoa(date.Year())
	}
	forces := territorialForces(n.orgList)
	data.AllForces = len(forces) > 0 && slices.Equal(p.Organisations, forces)
	for _, o := range n.orgList {
		data.Orgs = append(data.Orgs, orgChoice{Slug: o.Slug, Name: o.Name, Checked: !data.AllForces && slices.Contains(p.Organisations, o.Slug)})
	}
	if p.ID == 0 {
		data.Slug = &formField{Kind: "input", Name: "slug", Label: "Slug", Value: p.Slug,
			Hint: "The last part of its address, in lower-case letters, digits and hyphens, such as abuse-of-position-review. It cannot be changed later."}
		data.Action = "/editor/publications/new"
		data.page = s.editorFrame(r, "Create a publication", sess)
		data.Breadcrumbs = []crumb{{"Publications", "/editor/publications"}}
		return data, nil
	}
	data.slug = p.Slug
	data.ReadPath = editorPublicationPath(p.Slug)
	data.Action = data.ReadPath + "/edit"
	data.Correction = p.Status.Public()
	title := "Edit: "
	if data.Correction {
		title = "Correct: "
		data.Note = &formField{Kind: "textarea", Name: "note", Label: "Change note", Rows: 3,
			Hint: "What changed and why. The publication's history shows it to the public."}
	}
	data.page = s.editorFrame(r, title+p.Title, sess)
	data.Breadcrumbs = []crumb{{"Publications", "/editor/publications"}, {p.Title, data.ReadPath}}
	return data, nil
}

// territorialForces are the slugs of the forces "All forces" stands for.
func territorialForces(orgs []*peel.Organisation) []string {
	var list []string
	for _, o := range orgs {
		if o.Kind == peel.KindTerritorialForce {
			list = append(list, o.Slug)
		}
	}
	return list
}

func linkLines(links []peel.Link) string {
	var lines []string
	for _, l := range links {
		if l.Href == "" {
			lines = append(lines, l.Title)
		} else {
			lines = append(lines, l.Title+" | "+l.Href)
		}
	}
	return strings.Join(lines, "\n")
}

func scaleLines(scale []*peel.Grade) string {
	var lines []string
	for _, g := range scale {
		line := g.Slug + " | " + g.Label
		if g.Colour != "" {
			line += " | " + g.Colour
		}
		lines = append(lines, line)
	}
	return strings.Join(lines, "\n")
}

// textFields are the form's fields of text, by name.
func (data *publicationFormPage) textFields() []*formField {
	list := []*formField{data.PubTitle, data.Summary, data.Body, data.Links, data.Scale}
	if data.Slug != nil {
		list = append([]*formField{data.Slug}, list...)
	}
	if data.Note != nil {
		list = append(list, data.Note)
	}
	return list
}

// fail records a field's error, beside the field and in the summary.
func (data *publicationFormPage) fail(name, text string) {
	href := "#" + name
	switch name {
	case "kind":
		data.KindErr = text
	case "organisations":
		data.OrgsErr = text
		href = "#all-forces"
	case "date":
		data.Date.DayErr, href = text, "#date-day"
	default:
		i := slices.IndexFunc(data.textFields(), func(f *formField) bool { return f.Name == name })
		if i < 0 {
			name, i = "title", slices.IndexFunc(data.textFields(), func(f *formField) bool { return f.Name == "title" })
			href = "#title"
		}
		f := data.textFields()[i]
		if f.Error != "" {
			return
		}
		f.Error = text
	}
	data.Errors = append(data.Errors, formError{Href: href, Text: text})
}

// failWith shows a refusal of the store's beside the field it names, as
// Validate names them ("publication x: scale: …").
func (data *publicationFormPage) failWith(err error) {
	field := errorField(err, "title", "slug", "title", "kind", "summary", "body", "organisations", "links", "scale")
	data.fail(field, capitalise(peel.ErrorMessage(err)))
}

// read fills the form in from what was sent and returns the publication
// it gives, recording in data what is wrong with it.
func (data *publicationFormPage) read(v url.Values) *peel.Publication {
	orgs := data.orgs
	for _, f := range data.textFields() {
		f.Value = v.Get(f.Name)
	}
	p := &peel.Publication{Title: strings.TrimSpace(data.PubTitle.Value), Kind: peel.PublicationKind(v.Get("kind")), Status: peel.StatusDraft}
	data.Kind = string(p.Kind)
	if data.Slug != nil {
		if p.Slug = strings.TrimSpace(data.Slug.Value); !peel.ValidSlug(p.Slug) {
			data.fail("slug", "Enter a slug of lower-case letters, digits and hyphens, such as abuse-of-position-review")
		}
	}
	if p.Title == "" {
		data.fail("title", "Enter the title")
	}
	if !slices.Contains(peel.PublicationKinds, p.Kind) {
		data.fail("kind", "Select what kind of publication it is")
	}
	var f form
	if t := data.Date.read(v, &f, false); t != nil {
		p.Date = peel.Date{Time: time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)}
	}
	data.Errors = append(data.Errors, f.Errors...)
	switch summary := paragraphs(data.Summary.Value); {
	case len(summary) > 1:
		data.fail("summary", "The summary is one paragraph: take out the blank lines")
	case len(summary) == 1:
		p.Summary = summary[0]
	}
	p.Body = paragraphs(data.Body.Value)
	data.AllForces = v.Get("all-forces") == "yes"
	chosen := v["organisations"]
	if data.AllForces {
		chosen = territorialForces(orgs)
	}
	for i := range data.Orgs {
		data.Orgs[i].Checked = !data.AllForces && slices.Contains(chosen, data.Orgs[i].Slug)
	}
	for _, o := range orgs {
		if slices.Contains(chosen, o.Slug) {
			p.Organisations = append(p.Organisations, o.Slug)
		}
	}
	if len(p.Organisations) < len(chosen) {
		data.fail("organisations", "Select organisations from the list")
	}
	for _, line := range strings.Split(data.Links.Value, "\n") {
		if line = strings.TrimSpace(line); line == "" {
			continue
		}
		if !strings.HasPrefix(line, linkPrefix) {
			line = linkPrefix + " " + line
		}
		blocks, err := narrative(line)
		if err != nil {
			data.fail("links", "Related documents: "+err.Error())
			break
		}
		p.Links = append(p.Links, *blocks[0].Link)
	}
	for i, line := range strings.Split(data.Scale.Value, "\n") {
		if line = strings.TrimSpace(line); line == "" {
			continue
		}
		parts := strings.Split(line, "|")
		for j := range parts {
			parts[j] = strings.TrimSpace(parts[j])
		}
		if len(parts) < 2 || len(parts) > 3 {
			data.fail("scale", fmt.Sprintf("Outcome scale, line %d: write each point as slug | Label | colour, such as met | Met in full | green", i+1))
			break
		}
		g := &peel.Grade{Slug: parts[0], Label: parts[1]}
		if len(parts) == 3 {
			g.Colour = parts[2]
		}
		p.Scale = append(p.Scale, g)
	}
	switch {
	case p.Kind == peel.KindFollowUpReview && len(p.Scale) == 0 && data.Scale.Error == "":
		data.fail("scale", "Enter the review's outcome scale, one point a line")
	case p.Kind != peel.KindFollowUpReview && len(p.Scale) > 0 && data.KindErr == "":
		data.fail("scale", "Only a follow-up review has an outcome scale: leave it empty, or choose Follow-up review")
	}
	if data.Slug == nil {
		p.Slug = data.slug
	}
	if data.Errors == nil {
		if err := p.Validate(); err != nil {
			data.failWith(err)
		}
	}
	return p
}

func (s *Server) handlePublicationNew(w http.ResponseWriter, r *http.Request) {
	s.showEditorPage(w, r, "editor-publication-form.html", func(sess *peel.Session) (any, error) {
		if err := peel.AllowPublication(sess.User, peel.ActionCreate, nil); err != nil {
			return nil, err
		}
		return s.publicationForm(r, sess, &peel.Publication{})
	})
}

// showEditorPage answers the GET of an editor's page: the page that fn
// lays out for the session, or its error in the editor's frame.
func (s *Server) showEditorPage(w http.ResponseWriter, r *http.Request, name string, fn func(*peel.Session) (any, error)) {
	sess := s.editorSession(w, r)
	if sess == nil {
		return
	}
	data, err := fn(sess)
	if err != nil {
		s.editorError(w, r, sess, err)
		return
	}
	s.render(w, r, http.StatusOK, name, data)
}

// handlePublicationCreate creates the publication as a draft through the
// store's one write path, and sends the browser to its page.
func (s *Server) handlePublicationCreate(w http.ResponseWriter, r *http.Request) {
	sess := s.editorForm(w, r)
	if sess == nil {
		return
	}
	if err := peel.AllowPublication(sess.User, peel.ActionCreate, nil); err != nil {
		s.editorError(w, r, sess, err)
		return
	}
	data, err := s.publicationForm(r, sess, &peel.Publication{})
	if err != nil {
		s.editorError(w, r, sess, err)
		return
	}
	p := data.read(r.PostForm)
	status := http.StatusBadRequest
	if data.Errors == nil {
		_, err := s.Store.CreatePublication(r.Context(), sess.User, p)
		switch peel.ErrorCode(err) {
		case "":
			http.Redirect(w, r, editorPublicationPath(p.Slug)+"?done=created", http.StatusSeeOther)
			return
		case peel.ECONFLICT:
			status = http.StatusConflict
			data.fail("slug", fmt.Sprintf("There is a publication %s already: choose another slug", p.Slug))
		case peel.EINVALID:
			data.failWith(err)
		default:
			s.editorError(w, r, sess, err)
			return
		}
	}
	data.Title = "Error: " + data.Title
	s.render(w, r, status, "editor-publication-form.html", data)
}

// editorPublication reads the {slug} of the address for a user who may
// read publications in the editor.
func (s *Server) editorPublication(r *http.Request, u *peel.User) (*peel.Publication, error) {
	if err := mayReadPublications(u); err != nil {
		return nil, err
	}
	return s.Store.FindPublication(r.Context(), r.PathValue("slug"))
}

// editSetupPublication reads the publication to edit and lays out its form
// with what is stored, for a user who may edit it.
func (s *Server) editSetupPublication(r *http.Request, sess *peel.Session) (*peel.Publication, *publicationFormPage, error) {
	p, err := s.editorPublication(r, sess.User)
	if err != nil {
		return nil, nil, err
	}
	if err := peel.AllowPublication(sess.User, peel.ActionEdit, p); err != nil {
		return nil, nil, err
	}
	data, err := s.publicationForm(r, sess, p)
	return p, data, err
}

func (s *Server) handlePublicationEdit(w http.ResponseWriter, r *http.Request) {
	s.showEditorPage(w, r, "editor-publication-form.html", func(sess *peel.Session) (any, error) {
		_, data, err := s.editSetupPublication(r, sess)
		return data, err
	})
}

// handlePublicationUpdate saves the edit form, made on the version it was
// read at. A save on a version no longer stored answers 409 with the form
// as typed and, beside each field that differs, what is stored now.
func (s *Server) handlePublicationUpdate(w http.ResponseWriter, r *http.Request) {
	sess := s.editorForm(w, r)
	if sess == nil {
		return
	}
	_, data, err := s.editSetupPublication(r, sess)
	if err != nil {
		s.editorError(w, r, sess, err)
		return
	}
	read, err := strconv.Atoi(r.PostFormValue("version"))
	if err != nil || read < 1 {
		s.editorError(w, r, sess, peel.Errorf(peel.EINVALID, "version: the form does not say which version it was read at; reload the edit form"))
		return
	}
	data.Version = read
	p := data.read(r.PostForm)
	note := ""
	if data.Correction {
		if note = strings.TrimSpace(data.Note.Value); note == "" {
			data.fail("note", "Enter a change note: a correction of a published publication needs one")
		}
	}
	if data.Errors == nil {
		saved, err := s.Store.SavePublication(r.Context(), sess.User, p, read, note)
		var conflict *store.PublicationConflictError
		switch {
		case err == nil:
			done := "saved"
			if saved.Version == read {
				done = "unchanged"
			}
			http.Redirect(w, r, data.ReadPath+"?done="+done, http.StatusSeeOther)
			return
		case errors.As(err, &conflict):
			s.publicationConflict(w, r, data, conflict.Current)
			return
		case peel.ErrorCode(err) == peel.EINVALID:
			data.failWith(err)
		default:
			s.editorError(w, r, sess, err)
			return
		}
	}
	data.Title = "Error: " + data.Title
	s.render(w, r, http.StatusBadRequest, "editor-publication-form.html", data)
}

// publicationConflict answers a save refused because someone else saved
// meanwhile, as conflict does for an assessment: the form as typed, what
// is stored now beside each field of text that differs, and the version
// set to the stored one, so that saving again replaces it.
func (s *Server) publicationConflict(w http.ResponseWriter, r *http.Request, data *publicationFormPage, current *peel.Publication) {
	stored := map[string]string{
		"title": current.Title, "summary": current.Summary, "body": strings.Join(current.Body, "\n\n"),
		"links": linkLines(current.Links), "scale": scaleLines(current.Scale),
	}
	first := ""
	for _, f := range data.textFields() {
		value, ok := stored[f.Name]
		if !ok || normalText(f.Value) == normalText(value) {
			continue
		}
		t := &theirs{Version: current.Version}
		if value = normalText(value); value != "" {
			t.Lines = strings.Split(value, "\n")
		}
		f.Theirs = t
		if first == "" {
			first = f.Name
		}
	}
	if first == "" {
		first = "title"
	}
	data.Version, data.Conflict = current.Version, current.Version
	data.Errors = []formError{{Href: "#" + first, Text: fmt.Sprintf(
		"Someone else changed this publication while you were editing it: it is now at version %d. Nothing you typed was saved. Their text is shown under each field that differs; save again to replace it with yours", current.Version)}}
	data.Title = "Error: " + data.Title
	s.render(w, r, http.StatusConflict, "editor-publication-form.html", data)
}

// publicationData is a publication's page in the editor for the user.
func (s *Server) publicationData(r *http.Request, sess *peel.Session) (*editorPublicationPage, error) {
	u := sess.User
	p, err := s.editorPublication(r, u)
	if err != nil {
		return nil, err
	}
	ctx := r.Context()
	n, err := s.names(ctx)
	if err != nil {
		return nil, err
	}
	outcomes, err := s.Store.FindOutcomes(ctx, store.OutcomeFilter{Publication: p.Slug})
	if err != nil {
		return nil, err
	}
	versions, err := s.Store.FindPublicationVersions(ctx, p.Slug, false)
	if err != nil {
		return nil, err
	}
	data := &editorPublicationPage{page: s.editorFrame(r, p.Title, sess), Publication: p, Status: statusViews[p.Status],
		Path: editorPublicationPath(p.Slug), Versions: versions,
		CanEdit:    peel.AllowPublication(u, peel.ActionEdit, p) == nil,
		CanOutcome: p.Kind == peel.KindFollowUpReview && peel.AllowPublication(u, peel.ActionOutcome, p) == nil,
		PublishAt:  newDateTime("publish-at", "Publication time", "In UK time. For example, 27 3 2027 and 09:30.", p.PublishAt)}
	data.Breadcrumbs = []crumb{{"Publications", "/editor/publications"}}
	for _, action := range []peel.Action{peel.ActionPublish, peel.ActionSchedule, peel.ActionWithdraw} {
		if peel.AllowPublication(u, action, p) == nil {
			data.Steps = append(data.Steps, publicationStep{action, stepLabels[action]})
		}
	}
	for _, o := range outcomes {
		row := outcomeRow{Name: o.Organisation, Href: data.Path + "/outcomes/" + o.Organisation, Grade: p.Grade(o.Grade), Narrative: o.Narrative}
		if org := n.orgs[o.Organisation]; org != nil {
			row.Name = org.Name
		}
		data.Outcomes = append(data.Outcomes, row)
	}
	covered := p.Organisations
	if len(covered) == 0 {
		covered = territorialForces(n.orgList)
	}
	for _, slug := range covered {
		if org := n.orgs[slug]; org != nil {
			data.Covered = append(data.Covered, option{Value: slug, Text: org.Name})
		}
	}
	return data, nil
}

func (s *Server) handleEditorPublication(w http.ResponseWriter, r *http.Request) {
	s.showEditorPage(w, r, "editor-publication.html", func(sess *peel.Session) (any, error) {
		data, err := s.publicationData(r, sess)
		if err == nil {
			data.Done = publicationDone[r.URL.Query().Get("done")]
		}
		return data, err
	})
}

// handlePublicationStep publishes, schedules or withdraws a publication
// from its page, for the roles that may (peel.AllowPublication): 403 for
// another, 409 from a status it cannot be taken from.
func (s *Server) handlePublicationStep(w http.ResponseWriter, r *http.Request) {
	sess := s.editorForm(w, r)
	if sess == nil {
		return
	}
	data, err := s.publicationData(r, sess)
	if err != nil {
		s.editorError(w, r, sess, err)
		return
	}
	p, action := data.Publication, peel.Action(r.PathValue("action"))
	if !slices.Contains([]peel.Action{peel.ActionPublish, peel.ActionSchedule, peel.ActionWithdraw}, action) {
		s.editorError(w, r, sess, peel.Errorf(peel.ENOTFOUND, "no page at %s", r.URL.Path))
		return
	}
	if err := peel.AllowPublication(sess.User, action, p); err != nil {
		s.editorError(w, r, sess, err)
		return
	}
	ctx, u := r.Context(), sess.User
	f := &data.Form
	switch action {
	case peel.ActionPublish:
		_, err = s.Store.PublishPublicationAs(ctx, u, p.Slug, nil)
	case peel.ActionSchedule:
		at := data.PublishAt.read(r.PostForm, f, true)
		if at != nil && !at.After(s.Now()) {
			f.fail(fieldPublish+"-day", "The publication time must be in the future: to publish now, use Publish now")
		}
		if f.Errors == nil {
			_, err = s.Store.PublishPublicationAs(ctx, u, p.Slug, at)
		}
	case peel.ActionWithdraw:
		data.Reason = r.PostFormValue(fieldReason)
		if strings.TrimSpace(data.Reason) == "" {
			f.fail(fieldReason, "Enter the reason it is withdrawn, which its page will show")
		} else {
			_, err = s.Store.WithdrawPublicationAs(ctx, u, p.Slug, data.Reason)
		}
	}
	if peel.ErrorCode(err) == peel.EINVALID {
		f.fail(map[peel.Action]string{peel.ActionSchedule: fieldPublish + "-day", peel.ActionWithdraw: fieldReason}[action], errorText(err))
	} else if err != nil {
		s.editorError(w, r, sess, err)
		return
	}
	if f.Errors != nil {
		data.Title = "Error: " + data.Title
		s.render(w, r, http.StatusBadRequest, "editor-publication.html", data)
		return
	}
	http.Redirect(w, r, data.Path+"?done="+string(action), http.StatusSeeOther)
}

// handleOutcomeChoose sends the publication page's choice of organisation
// to that organisation's outcome form.
func (s *Server) handleOutcomeChoose(w http.ResponseWriter, r *http.Request) {
	org := r.URL.Query().Get("organisation")
	if !peel.ValidSlug(org) {
		s.notFound(w, r)
		return
	}
	http.Redirect(w, r, editorPublicationPath(r.PathValue("slug"))+"/outcomes/"+org, http.StatusSeeOther)
}

// outcomeData is the outcome form of the address, with what is recorded
// now, for a user who may record outcomes in the review.
func (s *Server) outcomeData(r *http.Request, sess *peel.Session) (*editorOutcomePage, error) {
	p, err := s.editorPublication(r, sess.User)
	if err != nil {
		return nil, err
	}
	if p.Kind != peel.KindFollowUpReview {
		return nil, peel.Errorf(peel.ENOTFOUND, "%s is a %s: only a follow-up review records outcomes", p.Slug, strings.ToLower(p.Kind.Label()))
	}
	if err := peel.AllowPublication(sess.User, peel.ActionOutcome, p); err != nil {
		return nil, err
	}
	orgs, err := s.Store.FindOrganisations(r.Context(), store.OrganisationFilter{Slug: r.PathValue("organisation")})
	if err != nil {
		return nil, err
	} else if len(orgs) == 0 {
		return nil, peel.Errorf(peel.ENOTFOUND, "no organisation %q", r.PathValue("organisation"))
	}
	data := &editorOutcomePage{page: s.editorFrame(r, p.Title+": "+orgs[0].Name, sess), Publication: p, Organisation: orgs[0],
		Back: editorPublicationPath(p.Slug)}
	data.Path = data.Back + "/outcomes/" + orgs[0].Slug
	data.Breadcrumbs = []crumb{{"Publications", "/editor/publications"}, {p.Title, data.Back}}
	list, err := s.Store.FindOutcomes(r.Context(), store.OutcomeFilter{Publication: p.Slug, Organisation: orgs[0].Slug})
	if err != nil {
		return nil, err
	}
	if len(list) > 0 {
		data.Grade, data.Narrative = list[0].Grade, strings.Join(list[0].Narrative, "\n\n")
	}
	return data, nil
}

func (s *Server) handleOutcomeForm(w http.ResponseWriter, r *http.Request) {
	s.showEditorPage(w, r, "editor-outcome.html", func(sess *peel.Session) (any, error) {
		return s.outcomeData(r, sess)
	})
}

// handleOutcomeRecord records the organisation's outcome through the
// store's outcome path, and goes back to the publication's page.
func (s *Server) handleOutcomeRecord(w http.ResponseWriter, r *http.Request) {
	sess := s.editorForm(w, r)
	if sess == nil {
		return
	}
	data, err := s.outcomeData(r, sess)
	if err != nil {
		s.editorError(w, r, sess, err)
		return
	}
	data.Grade, data.Narrative = r.PostFormValue("outcome"), r.PostFormValue("narrative")
	f := &data.Form
	if data.Publication.Grade(data.Grade) == nil {
		f.fail("outcome", "Select the outcome")
	}
	o := &peel.Outcome{Publication: data.Publication.Slug, Organisation: data.Organisation.Slug, Grade: data.Grade, Narrative: paragraphs(data.Narrative)}
	if len(o.Narrative) == 0 {
		f.fail("narrative", "Enter the narrative")
	}
	if f.Errors == nil {
		err := s.Store.RecordOutcome(r.Context(), sess.User, o)
		if peel.ErrorCode(err) == peel.EINVALID {
			f.fail("narrative", errorText(err))
		} else if err != nil {
			s.editorError(w, r, sess, err)
			return
		}
	}
	if f.Errors != nil {
		data.Title = "Error: " + data.Title
		s.render(w, r, http.StatusBadRequest, "editor-outcome.html", data)
		return
	}
	http.Redirect(w, r, data.Back+"?done=outcome", http.StatusSeeOther)
}
