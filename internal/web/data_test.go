package web_test

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"html"
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/peel-oss/peel/internal/peel"
	"github.com/peel-oss/peel/internal/reference"
)

// openDataSite is a site at base with the shipped grades, the seed page,
// question grades on a grade-only assessment, a draft and a page scheduled
// for later: the last two must appear nowhere.
func openDataSite(t *testing.T) *site {
	t.Helper()
	ctx := context.Background()
	s := newSiteAt(t, base)
	if err := reference.LoadGrades(ctx, s.store); err != nil {
		t.Fatal(err)
	}
	s.importSeed(t, false)
	if _, err := s.store.ImportGradedItems(ctx, []peel.GradedItem{
		{Framework: "peel-2016", Organisation: "durham", Pillar: "legitimacy", Question: 1, Grade: "good"},
		{Framework: "peel-2016", Organisation: "durham", Pillar: "legitimacy", Question: 3, Grade: ""},
	}, false); err != nil {
		t.Fatal(err)
	}
	for _, org := range []string{"surrey", "sussex"} {
		draft := &peel.Assessment{Organisation: org, Framework: "peel-2018", Pillar: "sample", Grade: "good", Status: peel.StatusDraft}
		if _, err := s.store.ImportAssessment(ctx, draft, &peel.Pillar{Slug: "sample", Name: "Sample pillar"}); err != nil {
			t.Fatal(err)
		}
	}
	later := time.Now().Add(time.Hour)
	if _, err := s.store.PublishAssessment(ctx, "peel-2018", "sussex", "sample", &later); err != nil {
		t.Fatal(err)
	}
	return s
}

// hidden are the addresses of openDataSite's draft and scheduled page.
var hidden = []string{"/peel-assessments/peel-2018/surrey/sample", "/peel-assessments/peel-2018/sussex/sample"}

var columns = "framework,framework_name,organisation,organisation_name,region,pillar,pillar_name,question,question_text,grade,last_updated,page,source"

// readCSV fetches a CSV download and checks it is one: RFC 4180 with a
// header, named as a file.
func (s *site) readCSV(t *testing.T, path, filename string) [][]string {
	t.Helper()
	res, body := s.get(t, path)
	if res.StatusCode != http.StatusOK || res.Header.Get("Content-Type") != "text/csv; charset=utf-8; header=present" {
		t.Fatalf("%s: status %d, type %q\n%s", path, res.StatusCode, res.Header.Get("Content-Type"), body)
	}
	if got := res.Header.Get("Content-Disposition"); got != `attachment; filename="`+filename+`"` {
		t.Errorf("%s: Content-Disposition %q, want the file name %s", path, got, filename)
	}
	if strings.Count(body, "\r\n") != strings.Count(body, "\n") || !strings.HasSuffix(body, "\r\n") {
		t.Errorf("%s: lines do not all end in CRLF", path)
	}
	rows, err := csv.NewReader(strings.NewReader(body)).ReadAll()
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	if strings.Join(rows[0], ",") != columns {
		t.Fatalf("%s: header %q", path, rows[0])
	}
	return rows[1:]
}

func TestJudgmentsDownload(t *testing.T) {
	s := openDataSite(t)
	rows := s.readCSV(t, "/data/judgments.csv", "judgments.csv")
	var pillarRows, notGraded int
	kent := map[string][]string{}
	for _, r := range rows {
		if r[7] == "" {
			pillarRows++
		}
		if r[9] == "Not graded" {
			notGraded++
		}
		if r[9] == "" || r[9] == "Ungraded" {
			t.Errorf("a row with grade %q: %q", r[9], r)
		}
		for _, h := range hidden {
			if r[11] == base+h {
				t.Errorf("a row of an assessment not public: %q", r)
			}
		}
		if r[2] == "kent" && r[0] == "peel-2016" && r[5] == "legitimacy" {
			kent[r[7]] = r
		}
	}
	// The 500 shipped grades, one a pillar; the seed's three questions and
	// durham's two.
	if pillarRows != 500 || len(rows) != 505 || notGraded != 3 {
		t.Errorf("%d rows, %d of pillars, %d not graded; want 505, 500 and 3", len(rows), pillarRows, notGraded)
	}
	page := base + seedPath
	want := map[string]string{
		"":  "peel-2016,PEEL 2016,kent,Kent Police,South East,legitimacy,Legitimacy,,,Outstanding,2016-12-08," + page,
		"2": "peel-2016,PEEL 2016,kent,Kent Police,South East,legitimacy,Legitimacy,2,How well does the force ensure that its workforce behaves ethically and lawfully?,Good,2016-12-08," + page,
	}
	for q, w := range want {
		if got := strings.Join(kent[q][:12], ","); got != w {
			t.Errorf("kent's row %q:\n%s\nwant\n%s", q, got, w)
		}
		if !strings.HasPrefix(kent[q][12], "https://") {
			t.Errorf("kent's row %q has no source: %q", q, kent[q][12])
		}
	}
	// In order: framework, organisation, pillar, question.
	sorted := slices.IsSortedFunc(rows, func(a, b []string) int {
		return strings.Compare(a[0]+" "+a[2], b[0]+" "+b[2])
	})
	if !sorted {
		t.Errorf("rows are not in order of framework and organisation")
	}

	t.Run("JSON", func(t *testing.T) {
		res, body := s.get(t, "/data/judgments.json")
		if res.StatusCode != http.StatusOK || res.Header.Get("Content-Type") != "application/json" || res.Header.Get("Content-Disposition") != `attachment; filename="judgments.json"` {
			t.Fatalf("status %d, type %q, disposition %q", res.StatusCode, res.Header.Get("Content-Type"), res.Header.Get("Content-Disposition"))
		}
		var items []map[string]any
		if err := json.Unmarshal([]byte(body), &items); err != nil {
			t.Fatal(err)
		}
		if len(items) != len(rows) {
			t.Fatalf("%d items, %d CSV rows", len(items), len(rows))
		}
		// The same rows: each key a CSV column, null where a cell is empty.
		for i, item := range items {
			keys := strings.Split(columns, ",")
			if len(item) != len(keys) {
				t.Fatalf("item %d has keys %v", i, item)
			}
			for j, k := range keys {
				var cell string
				switch v := item[k].(type) {
				case nil:
				case string:
					cell = v
					if v == "" && k != "region" {
						t.Errorf("item %d: %s is an empty string, not null", i, k)
					}
				case float64:
					cell = strconv.Itoa(int(v))
				default:
					t.Fatalf("item %d: %s is %T", i, k, v)
				}
				if cell != rows[i][j] {
					t.Errorf("item %d: %s is %q in JSON, %q in CSV", i, k, cell, rows[i][j])
				}
			}
		}
	})

	t.Run("AgreesWithPages", func(t *testing.T) {
		// Every row's grade is the one its assessment's page shows, the
		// pillar's first and the questions' after it, and the pillar's is
		// the one on the force's page, linked to the assessment.
		byPage := map[string][]string{}
		var order []string
		for _, r := range rows {
			if _, ok := byPage[r[11]]; !ok {
				order = append(order, r[11])
			}
			label := r[9]
			if label == peel.NotGraded {
				label = peel.Ungraded
			}
			byPage[r[11]] = append(byPage[r[11]], label)
		}
		forces := map[string]string{}
		for _, page := range order {
			path := strings.TrimPrefix(page, base)
			res, body := s.get(t, path)
			if res.StatusCode != http.StatusOK {
				t.Fatalf("%s: status %d", path, res.StatusCode)
			}
			var tags []string
			for _, m := range tagRE.FindAllStringSubmatch(body, -1) {
				tags = append(tags, html.UnescapeString(m[2]))
			}
			if !slices.Equal(tags, byPage[page]) {
				t.Errorf("%s shows %q; the download says %q", path, tags, byPage[page])
			}
			org := strings.Split(path, "/")[3]
			if _, ok := forces[org]; !ok {
				_, forces[org] = s.get(t, "/forces/"+org)
			}
			cell := regexp.MustCompile(`href="` + regexp.QuoteMeta(path) + `"><strong class="[^"]*">([^<]+)</strong>`).FindStringSubmatch(forces[org])
			if cell == nil || html.UnescapeString(cell[1]) != byPage[page][0] {
				t.Errorf("/forces/%s shows %q for %s; the download says %q", org, cell, path, byPage[page][0])
			}
		}
	})

	t.Run("Filtered", func(t *testing.T) {
		kentRows := s.readCSV(t, "/data/judgments.csv?organisation=kent&framework=peel-2016", "judgments-peel-2016-kent.csv")
		if len(kentRows) != 6 { // three pillars, and the seed's three questions
			t.Errorf("%d rows for kent in 2016, want 6", len(kentRows))
		}
		for _, r := range kentRows {
			if r[2] != "kent" || r[0] != "peel-2016" {
				t.Errorf("a row not of the filter: %q", r)
			}
		}
		region := s.readCSV(t, "/data/judgments.csv?region=Wales&pillar=legitimacy&grade=good", "judgments-legitimacy-wales-good.csv")
		for _, r := range region {
			if r[4] != "Wales" || r[5] != "legitimacy" || r[9] != "Good" {
				t.Errorf("a row not of the filter: %q", r)
			}
		}
		if len(region) == 0 {
			t.Errorf("no good legitimacy grade in Wales")
		}
		// The force page links its own slice.
		if _, body := s.get(t, "/forces/kent"); !strings.Contains(body, `href="/data/judgments.csv?organisation=kent"`) || !strings.Contains(body, `href="/data/judgments.json?organisation=kent"`) {
			t.Errorf("the force page does not link its downloads")
		}
	})

	t.Run("ErrParameters", func(t *testing.T) {
		for _, tt := range []struct{ query, detail string }{
			{"organisation=atlantis", `organisation: there is no organisation "atlantis"`},
			{"organization=kent", "organization: not a parameter of /data/judgments.csv"},
			{"organisation=kent&organisation=essex", "organisation: given 2 times"},
			{"pillar=bravery", `pillar: no framework has a pillar "bravery"`},
		} {
			wantProblem(t, s, "/data/judgments.csv?"+tt.query, http.StatusBadRequest, tt.detail)
		}
	})
}

// wantProblem fetches path and checks it answers an RFC 9457 problem with
// the status, whose detail starts with the words given.
func wantProblem(t *testing.T, s *site, path string, status int, detail string) {
	t.Helper()
	res, body := s.get(t, path)
	var p struct {
		Status int
		Title  string
		Detail string
	}
	if err := json.Unmarshal([]byte(body), &p); err != nil || res.Header.Get("Content-Type") != "application/problem+json" {
		t.Fatalf("%s: type %q, %v\n%s", path, res.Header.Get("Content-Type"), err, body)
	}
	if res.StatusCode != status || p.Status != status || p.Title != http.StatusText(status) || !strings.HasPrefix(p.Detail, detail) {
		t.Errorf("%s: %d %+v; want %d and a detail starting %q", path, res.StatusCode, p, status, detail)
	}
}

// TestDownloadLinks checks each page of data links to its download, and
// that the links answer with the data they name.
func TestDownloadLinks(t *testing.T) {
	s := newSite(t)
	s.importSeed(t, false)
	linkRE := regexp.MustCompile(`href="(/(?:data|api/v1)/[^"]+)"`)
	for path, want := range map[string][]string{
		seedPath:                      {"/api/v1/assessments/peel-2016/kent/legitimacy", "/data/judgments.csv?framework=peel-2016&organisation=kent&pillar=legitimacy"},
		"/forces/kent":                {"/data/judgments.csv?organisation=kent", "/data/judgments.json?organisation=kent"},
		"/peel-assessments/peel-2016": {"/data/judgments.csv?framework=peel-2016", "/data/judgments.json?framework=peel-2016"},
	} {
		_, body := s.get(t, path)
		var links []string
		for _, m := range linkRE.FindAllStringSubmatch(body, -1) {
			links = append(links, html.UnescapeString(m[1]))
		}
		for _, w := range want {
			if !slices.Contains(links, w) {
				t.Errorf("%s does not link %s (links %q)", path, w, links)
			}
		}
		for _, link := range links {
			res, data := s.get(t, link)
			if res.StatusCode != http.StatusOK || !strings.Contains(data, "kent") && !strings.Contains(link, "openapi") {
				t.Errorf("%s links %s, which answers %d without Kent's grades", path, link, res.StatusCode)
			}
		}
	}
}
