package web

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/peel-oss/peel/internal/peel"
	"github.com/peel-oss/peel/internal/store"
)

// Statutory responses: the public list and download, the force's and the
// assessment's pages' line, the API, and the inspectorate's view with the
// form that records a response.

const responsesPerPage = 50

// responseView is a response as pages show it, on the UK day of Now.
type responseView struct {
	*peel.Response
	Now time.Time
	// Record is the editor's form for recording it, for a user who may;
	// "" for the public and for the others.
	Record string
}

// Status is where it stands: due, overdue or received.
func (v responseView) Status() peel.ResponseStatus { return v.Response.Status(v.Now) }

// Text is where it stands as a sentence: "Due in 3 days".
func (v responseView) Text() string { return capitalise(v.StatusText(v.Now)) }

// Colour is its tag's colour.
func (v responseView) Colour() string {
	switch {
	case v.Status() == peel.ResponseOverdueStatus:
		return "red"
	case v.Late():
		return "orange"
	case v.Received():
		return "green"
	}
	return "blue"
}

func (s *Server) responseViews(list []*peel.Response, now time.Time, u *peel.User) []responseView {
	views := make([]responseView, len(list))
	for i, r := range list {
		views[i] = responseView{Response: r, Now: now}
		if u != nil && peel.MayRecordResponse(u, r.Organisation) == nil {
			views[i].Record = "/editor/responses/record?" + url.Values{"report": {r.Report}, "organisation": {r.Organisation}}.Encode()
		}
	}
	return views
}

// responseFilter reads the filters of a list of responses (organisation,
// status, report), each checked, with the other parameters the list takes.
func (s *Server) responseFilter(r *http.Request, others ...string) (store.ResponseFilter, url.Values, error) {
	f := store.ResponseFilter{Now: s.Now()}
	q, err := query(r, append([]string{"organisation", "status", "report"}, others...)...)
	if err != nil {
		return f, q, err
	}
	f.Organisation, f.Report, f.Status = q.Get("organisation"), q.Get("report"), peel.ResponseStatus(q.Get("status"))
	if f.Status != "" && !slices.Contains(peel.ResponseStatuses, f.Status) {
		return f, q, peel.Errorf(peel.EINVALID, "status: %q is not one of due, overdue, received", f.Status)
	}
	if f.Organisation != "" {
		if _, err := s.Store.FindOrganisationBySlug(r.Context(), f.Organisation); peel.ErrorCode(err) == peel.ENOTFOUND {
			return f, q, peel.Errorf(peel.EINVALID, "organisation: no organisation %q", f.Organisation)
		} else if err != nil {
			return f, q, err
		}
	}
	return f, q, nil
}

// responsesPage is the public list of responses, and the inspectorate's.
type responsesPage struct {
	page
	Responses []responseView
	Filters   []filter
	Filtered  bool
	Pager     pager
	Action    string // the filter form's address
	CSV       string // the download of the list as filtered
	Done      string
}

// responseList reads the filtered page of responses for /responses and
// /editor/responses.
func (s *Server) responseList(r *http.Request, data *responsesPage, u *peel.User) error {
	f, q, err := s.responseFilter(r, "page", "per_page", "done")
	if err != nil {
		return err
	}
	pg, err := parsePager(r, responsesPerPage, 200)
	if err != nil {
		return err
	}
	f.Limit, f.Offset = pg.PerPage, pg.Offset()
	list, total, err := s.Store.FindResponses(r.Context(), f)
	if err != nil {
		return err
	}
	if pg.Total = total; pg.Beyond() {
		return peel.Errorf(peel.ENOTFOUND, "no page %d of responses", pg.Page)
	}
	orgs, err := s.Store.FindOrganisations(r.Context(), store.OrganisationFilter{})
	if err != nil {
		return err
	}
	forces := filterOf("organisation", "Force", "All forces", f.Organisation)
	for _, o := range orgs {
		forces.add(o.Slug, o.Name)
	}
	statuses := filterOf("status", "Status", "Any status", string(f.Status))
	for _, st := range peel.ResponseStatuses {
		statuses.add(string(st), st.Label())
	}
	data.Filters, data.Pager = []filter{forces.filter, statuses.filter}, pg
	if u != nil {
		// The inspectorate's view also chooses a report.
		reports, err := s.Store.ResponseReports(r.Context())
		if err != nil {
			return err
		}
		report := filterOf("report", "Report", "All reports", f.Report)
		for _, l := range reports {
			report.add(l.Href, l.Title)
		}
		data.Filters = append(data.Filters, report.filter)
	}
	data.Filtered = f.Organisation != "" || f.Status != "" || f.Report != ""
	data.Responses = s.responseViews(list, f.Now, u)
	csvQuery := url.Values{}
	for _, k := range []string{"organisation", "status", "report"} {
		if v := q.Get(k); v != "" {
			csvQuery.Set(k, v)
		}
	}
	data.CSV = "/data/responses.csv"
	if len(csvQuery) > 0 {
		data.CSV += "?" + csvQuery.Encode()
	}
	return nil
}

// handleResponseIndex is the public list of responses due, overdue and
// received.
func (s *Server) handleResponseIndex(w http.ResponseWriter, r *http.Request) {
	data := &responsesPage{page: s.page(r, "Police and crime commissioners' responses", crumb{"Home", "/"}), Action: "/responses"}
	if err := s.responseList(r, data, nil); err != nil {
		s.error(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "responses.html", data)
}

// handleEditorResponses is the inspectorate's view of the responses, with
// a form to record each for a user who may.
func (s *Server) handleEditorResponses(w http.ResponseWriter, r *http.Request) {
	sess := s.editorSession(w, r)
	if sess == nil {
		return
	}
	data := &responsesPage{page: s.editorFrame(r, "Responses", sess), Action: "/editor/responses"}
	data.Breadcrumbs = []crumb{{"Assessments", "/editor"}}
	if err := s.responseList(r, data, sess.User); err != nil {
		s.editorError(w, r, sess, err)
		return
	}
	if r.URL.Query().Get("done") == "recorded" {
		data.Done = "The response was recorded"
	}
	s.render(w, r, http.StatusOK, "editor-responses.html", data)
}

// responseColumns are /data/responses.csv's columns.
var responseColumns = []string{"report", "report_title", "report_url", "organisation", "organisation_name", "published_at", "due", "status", "response_url", "response_date", "late"}

// handleResponsesCSV serves every response of the public list, as
// filtered, as CSV.
func (s *Server) handleResponsesCSV(w http.ResponseWriter, r *http.Request) {
	f, _, err := s.responseFilter(r)
	if err != nil {
		s.problem(w, r, err)
		return
	}
	list, _, err := s.Store.FindResponses(r.Context(), f)
	if err != nil {
		s.problem(w, r, err)
		return
	}
	var rows [][]string
	for _, resp := range list {
		date, late := "", ""
		if resp.Received() {
			date, late = resp.Date.String(), strconv.FormatBool(resp.Late())
		}
		rows = append(rows, []string{resp.Report, resp.ReportTitle, s.BaseURL + resp.Report, resp.Organisation, resp.OrganisationName,
			resp.PublishedAt.UTC().Format(time.RFC3339), resp.Due().String(), string(resp.Status(f.Now)), resp.URL, date, late})
	}
	s.writeCSV(w, r, "responses.csv", responseColumns, rows)
}

type responseList struct {
	Total     int                     `json:"total"`
	Page      int                     `json:"page"`
	PerPage   int                     `json:"perPage"`
	Responses []peel.ResponseDocument `json:"responses"`
}

// handleAPIResponses lists the responses of public reports, the soonest
// due first, a page at a time.
func (s *Server) handleAPIResponses(w http.ResponseWriter, r *http.Request) {
	f, _, err := s.responseFilter(r, "page", "per_page")
	if err != nil {
		s.problem(w, r, err)
		return
	}
	apiPage(s, w, r, func(limit, offset int) ([]*peel.Response, int, error) {
		f.Limit, f.Offset = limit, offset
		return s.Store.FindResponses(r.Context(), f)
	}, func(p pager, list []*peel.Response) any {
		body := responseList{Total: p.Total, Page: p.Page, PerPage: p.PerPage, Responses: []peel.ResponseDocument{}}
		for _, resp := range list {
			body.Responses = append(body.Responses, peel.ResponseDocument{Response: resp, Now: f.Now})
		}
		return body
	})
}

// responseRequest is the body of POST /api/v1/responses.
type responseRequest struct {
	Report       string    `json:"report"`
	Organisation string    `json:"organisation"`
	URL          string    `json:"url"`
	Date         peel.Date `json:"date"`
}

// handleAPIResponseCreate records a response, as the token's user.
func (s *Server) handleAPIResponseCreate(w http.ResponseWriter, r *http.Request, u *peel.User) error {
	m, err := readBody(r)
	if err != nil {
		return err
	}
	var in responseRequest
	if err := decodeMembers(m, "a response", &in); err != nil {
		return err
	}
	resp, err := s.Store.RecordResponse(store.WithActor(r.Context(), u.Email), u, in.Report, in.Organisation, in.URL, in.Date)
	if err != nil {
		return err
	}
	s.writeJSON(w, r, http.StatusCreated, "application/json", peel.ResponseDocument{Response: resp, Now: s.Now()})
	return nil
}

// responseForm is the editor's form that records one report's response.
type responseForm struct {
	page
	Form     form
	Response responseView
	URL      string
	Date     *dateTime
}

// responseFormData finds the report's response the form records, and
// checks the user may record it.
func (s *Server) responseFormData(r *http.Request, sess *peel.Session, report, organisation string) (*responseForm, error) {
	if err := peel.MayRecordResponse(sess.User, organisation); err != nil {
		return nil, err
	}
	list, _, err := s.Store.FindResponses(r.Context(), store.ResponseFilter{Report: report, Organisation: organisation})
	if err != nil {
		return nil, err
	} else if len(list) == 0 {
		return nil, peel.Errorf(peel.ENOTFOUND, "no public report %q on organisation %q", report, organisation)
	}
	data := &responseForm{page: s.editorFrame(r, "Record the response", sess), Response: responseView{Response: list[0], Now: s.Now()}, URL: list[0].URL}
	data.Breadcrumbs = []crumb{{"Assessments", "/editor"}, {"Responses", "/editor/responses"}}
	var day *time.Time
	if list[0].Received() {
		day = &list[0].Date.Time
	}
	data.Date = newDateTime("date", "Date the response was published", "For example, 27 3 2027", day)
	data.Date.NoClock = true
	return data, nil
}

func (s *Server) handleResponseForm(w http.ResponseWriter, r *http.Request) {
	sess := s.editorSession(w, r)
	if sess == nil {
		return
	}
	data, err := s.responseFormData(r, sess, r.URL.Query().Get("report"), r.URL.Query().Get("organisation"))
	if err != nil {
		s.editorError(w, r, sess, err)
		return
	}
	s.render(w, r, http.StatusOK, "editor-response.html", data)
}

func (s *Server) handleResponseRecord(w http.ResponseWriter, r *http.Request) {
	sess := s.editorForm(w, r)
	if sess == nil {
		return
	}
	data, err := s.responseFormData(r, sess, r.PostFormValue("report"), r.PostFormValue("organisation"))
	if err != nil {
		s.editorError(w, r, sess, err)
		return
	}
	f := &data.Form
	data.URL = strings.TrimSpace(r.PostFormValue("url"))
	if err := peel.ValidResponseURL(data.URL); err != nil {
		f.fail("url", "Enter the response's web address, starting https://")
	}
	day := data.Date.read(r.PostForm, f, true)
	if f.Errors == nil {
		_, err := s.Store.RecordResponse(store.WithActor(r.Context(), sess.User.Email), sess.User, data.Response.Report, data.Response.Organisation, data.URL, peel.UKDate(*day))
		if peel.ErrorCode(err) == peel.EINVALID {
			data.Date.DayErr = errorText(err)
			f.fail("date-day", data.Date.DayErr)
		} else if err != nil {
			s.editorError(w, r, sess, err)
			return
		}
	}
	if f.Errors != nil {
		data.Title = "Error: " + data.Title
		s.render(w, r, http.StatusBadRequest, "editor-response.html", data)
		return
	}
	http.Redirect(w, r, "/editor/responses?done=recorded", http.StatusSeeOther)
}

// publicResponses are the responses of the public reports matching the
// filter, for an assessment's or a force's page.
func (s *Server) publicResponses(r *http.Request, f store.ResponseFilter) []responseView {
	f.Now = s.Now()
	list, _, err := s.Store.FindResponses(r.Context(), f)
	if err != nil {
		// A page without its responses is better than no page.
		s.Logger.Error("find responses", "err", err)
		return nil
	}
	return s.responseViews(list, f.Now, nil)
}
