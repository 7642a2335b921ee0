package web_test

import (
	"context"
	"fmt"
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/peel-oss/peel/internal/peel"
	"github.com/peel-oss/peel/internal/reference"
)

// gradesSite is a site with the real published grades, but for Kent's
// PEEL 2016 legitimacy, which is the seed page imported as a draft (or
// published, with its question grades). It returns the grades stored as
// published.
func gradesSite(t *testing.T, seedDraft bool) (*site, []peel.GradedItem) {
	t.Helper()
	grades, err := reference.Grades()
	if err != nil {
		t.Fatal(err)
	}
	grades = slices.DeleteFunc(grades, func(a peel.GradedItem) bool {
		return a.Framework == "peel-2016" && a.Organisation == "kent" && a.Pillar == "legitimacy"
	})
	s := newSite(t)
	if _, err := s.store.ImportGradedItems(context.Background(), grades, false); err != nil {
		t.Fatal(err)
	}
	s.importSeed(t, seedDraft)
	return s, grades
}

var (
	countRowRE = regexp.MustCompile(`(?s)<tr class="govuk-table__row">\s*<th scope="row" class="govuk-table__header">([^<]+)(?:<span[^>]*>[^<]*</span>)?</th>((?:\s*<td class="govuk-table__cell govuk-table__cell--numeric">\d+</td>)+)`)
	numberRE   = regexp.MustCompile(`>(\d+)<`)
	svgRE      = regexp.MustCompile(`(?s)<svg .*?</svg>`)
	barValueRE = regexp.MustCompile(`class="peel-chart__value">(\d+)</text>`)
	orgLinkRE  = regexp.MustCompile(`<th scope="row" class="govuk-table__header"><a class="govuk-link" href="/forces/([a-z-]+)">`)
)

// countTable reads the national counts table: each row's heading and its
// numbers (a grade each, ungraded, then the total).
func countTable(body string) (heads []string, rows [][]int) {
	for _, m := range countRowRE.FindAllStringSubmatch(body, -1) {
		heads = append(heads, m[1])
		var row []int
		for _, n := range numberRE.FindAllStringSubmatch(m[2], -1) {
			v, _ := strconv.Atoi(n[1])
			row = append(row, v)
		}
		rows = append(rows, row)
	}
	return heads, rows
}

func TestCycleView(t *testing.T) {
	t.Run("OK", func(t *testing.T) {
		s, grades := gradesSite(t, false)
		res, body := s.get(t, "/peel-assessments/peel-2016")
		if res.StatusCode != http.StatusOK {
			t.Fatalf("status %d", res.StatusCode)
		}
		// The counts are those of the grades stored, the seed's included.
		scale := []string{"outstanding", "good", "requires-improvement", "inadequate", ""}
		want := map[string][]int{}
		for _, p := range []string{"Effectiveness", "Efficiency", "Legitimacy"} {
			want[p] = make([]int, len(scale)+1)
		}
		add := func(row, grade string) {
			want[row][slices.Index(scale, grade)]++
			want[row][len(scale)]++
		}
		for _, g := range grades {
			if g.Framework == "peel-2016" {
				add(strings.ToUpper(g.Pillar[:1])+g.Pillar[1:], g.Grade)
			}
		}
		add("Legitimacy", "outstanding")
		for i, g := range []string{"outstanding", "good", "outstanding"} {
			row := fmt.Sprintf("Legitimacy question %d", i+1)
			want[row] = make([]int, len(scale)+1)
			add(row, g)
		}
		heads, rows := countTable(body)
		if strings.Join(heads, "|") != "Effectiveness|Efficiency|Legitimacy|Legitimacy question 1|Legitimacy question 2|Legitimacy question 3" {
			t.Fatalf("count rows %q", heads)
		}
		svgs := svgRE.FindAllString(body, -1)
		if len(svgs) != len(heads) {
			t.Fatalf("%d charts for %d rows of counts", len(svgs), len(heads))
		}
		for i, head := range heads {
			if fmt.Sprint(rows[i]) != fmt.Sprint(want[head]) {
				t.Errorf("%s: counts %v, want %v", head, rows[i], want[head])
			}
			// The chart says what the table says: a bar a grade of the
			// scale, and one for ungraded when there are any.
			var bars []int
			for _, m := range barValueRE.FindAllStringSubmatch(svgs[i], -1) {
				n, _ := strconv.Atoi(m[1])
				bars = append(bars, n)
			}
			wantBars := rows[i][:4]
			if rows[i][4] > 0 {
				wantBars = rows[i][:5]
			}
			if fmt.Sprint(bars) != fmt.Sprint(wantBars) {
				t.Errorf("%s: the chart says %v, the table %v", head, bars, wantBars)
			}
		}
		for _, want := range []string{`href="/peel-assessments/peel-2016/kent/legitimacy"`, `href="/peel-assessments/peel-2016/kent/legitimacy#question-2"`,
			"Legitimacy: grades by question", ">South East<", `<title id="chart-1-title">Effectiveness, PEEL 2016: grades of 43 forces</title>`} {
			if !strings.Contains(body, want) {
				t.Errorf("the page lacks %q", want)
			}
		}
		if strings.Contains(body, "govuk-pagination") {
			t.Errorf("43 forces take more than one page")
		}
	})
	t.Run("DraftNotCounted", func(t *testing.T) {
		s, _ := gradesSite(t, true)
		_, body := s.get(t, "/peel-assessments/peel-2016")
		heads, rows := countTable(body)
		if len(heads) != 3 || heads[2] != "Legitimacy" || rows[2][5] != 42 {
			t.Errorf("with Kent's legitimacy a draft: rows %q, %v; want the three pillars, 42 legitimacy grades", heads, rows)
		}
		if strings.Contains(body, "/peel-assessments/peel-2016/kent/legitimacy") || strings.Contains(body, "grades by question") {
			t.Errorf("the draft shows on the cycle page")
		}
	})
	t.Run("Paged", func(t *testing.T) {
		s, _ := gradesSite(t, false)
		var seen []string
		for page := 1; page <= 5; page++ {
			res, body := s.get(t, fmt.Sprintf("/peel-assessments/peel-2016?per_page=10&page=%d", page))
			if res.StatusCode != http.StatusOK {
				t.Fatalf("page %d: status %d", page, res.StatusCode)
			}
			// Each force is in the pillars' table once; the national
			// counts still cover them all.
			tables := strings.SplitN(body, "Legitimacy: grades by question", 2)
			for _, m := range orgLinkRE.FindAllStringSubmatch(tables[0], -1) {
				seen = append(seen, m[1])
			}
			if _, rows := countTable(body); len(rows) < 3 || rows[0][5] != 43 {
				t.Errorf("page %d: the counts do not cover every force: %v", page, rows)
			}
			if !strings.Contains(body, `aria-current="page">`+strconv.Itoa(page)+`</a>`) {
				t.Errorf("page %d: the pager does not mark it", page)
			}
		}
		sorted := slices.Clone(seen)
		slices.Sort(sorted)
		if len(seen) != 43 || len(slices.Compact(sorted)) != 43 {
			t.Errorf("%d forces over the pages, %d different; want 43", len(seen), len(slices.Compact(sorted)))
		}
		if res, _ := s.get(t, "/peel-assessments/peel-2016?per_page=10&page=6"); res.StatusCode != http.StatusNotFound {
			t.Errorf("a page past the last answered %d", res.StatusCode)
		}
		if res, _ := s.get(t, "/peel-assessments/peel-2016?page=first"); res.StatusCode != http.StatusBadRequest {
			t.Errorf("a bad page number answered %d", res.StatusCode)
		}
	})
	t.Run("ErrNotFound", func(t *testing.T) {
		s := newSite(t)
		if res, _ := s.get(t, "/peel-assessments/peel-1999"); res.StatusCode != http.StatusNotFound {
			t.Errorf("an unknown cycle answered %d", res.StatusCode)
		}
		res, body := s.get(t, "/peel-assessments/peel-2016")
		if res.StatusCode != http.StatusOK || !strings.Contains(body, "No assessment of PEEL 2016 has been published yet.") {
			t.Errorf("a cycle with nothing published: %d", res.StatusCode)
		}
	})
	t.Run("Index", func(t *testing.T) {
		s := newSite(t)
		_, body := s.get(t, "/peel-assessments")
		if i, j := strings.Index(body, `href="/peel-assessments/peel-2018"`), strings.Index(body, `href="/peel-assessments/peel-2014"`); i < 0 || j < i {
			t.Errorf("the cycles are not listed newest first")
		}
		_, home := s.get(t, "/")
		for _, want := range []string{`href="/peel-assessments"`, `href="/peel-assessments/peel-2016"`, `href="/compare"`} {
			if !strings.Contains(home, want) {
				t.Errorf("the home page lacks %q", want)
			}
		}
		if res, _ := s.get(t, "/peel-assessments/peel-2016/"); res.StatusCode != http.StatusMovedPermanently || res.Header.Get("Location") != "/peel-assessments/peel-2016" {
			t.Errorf("trailing slash: %d to %q", res.StatusCode, res.Header.Get("Location"))
		}
	})
}

func TestCompare(t *testing.T) {
	s, _ := gradesSite(t, false)
	t.Run("OK", func(t *testing.T) {
		res, body := s.get(t, "/compare?organisation=kent&organisation=essex")
		if res.StatusCode != http.StatusOK {
			t.Fatalf("status %d", res.StatusCode)
		}
		for _, want := range []string{"<title>Compare Kent Police and Essex Police", `<option value="kent" selected>`, `<option value="essex" selected>`,
			"Effectiveness grades by cycle", `href="/peel-assessments/peel-2016/essex/effectiveness"`, `href="/peel-assessments/peel-2016/kent/legitimacy"`, `role="img"`} {
			if !strings.Contains(body, want) {
				t.Errorf("the page lacks %q", want)
			}
		}
		if strings.Contains(body, "govuk-error-summary") {
			t.Errorf("an error on a good choice")
		}
	})
	t.Run("Form", func(t *testing.T) {
		res, body := s.get(t, "/compare")
		if res.StatusCode != http.StatusOK || strings.Contains(body, "govuk-error-summary") || !strings.Contains(body, `<select class="govuk-select peel-select" id="organisation-4" name="organisation">`) {
			t.Errorf("the empty form: status %d", res.StatusCode)
		}
	})
	for _, tt := range []struct{ name, query, want string }{
		{"ErrOne", "organisation=kent", "Choose at least two different forces to compare"},
		{"ErrSameTwice", "organisation=kent&organisation=kent", "Choose at least two different forces to compare"},
		{"ErrFive", "organisation=kent&organisation=essex&organisation=durham&organisation=surrey&organisation=sussex", "Choose no more than four forces to compare"},
		{"ErrUnknown", "organisation=kent&organisation=atlantis", `There is no force &#34;atlantis&#34;`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			res, body := s.get(t, "/compare?"+tt.query)
			if res.StatusCode != http.StatusBadRequest {
				t.Errorf("status %d, want 400", res.StatusCode)
			}
			for _, want := range []string{"govuk-error-summary", "<title>Error: Compare forces", tt.want, "govuk-form-group--error"} {
				if !strings.Contains(body, want) {
					t.Errorf("the page lacks %q", want)
				}
			}
			if strings.Contains(body, "grades by cycle") {
				t.Errorf("grades shown with an error")
			}
		})
	}
}

func TestForceMovement(t *testing.T) {
	s, _ := gradesSite(t, false)
	_, body := s.get(t, "/forces/kent")
	// Kent's efficiency went from Good in 2017 to Outstanding in 2018/19.
	row := body[strings.Index(body, `id="peel-2018"`):]
	row = row[:strings.Index(row, "</tr>")]
	if !strings.Contains(row, `Up<span class="govuk-visually-hidden"> since PEEL 2017</span>`) {
		t.Errorf("no movement up in Kent's 2018/19 row:\n%s", row)
	}
	for _, want := range []string{`role="img"`, "How Kent Police’s grades moved over the cycles", `href="/compare?organisation=kent"`} {
		if !strings.Contains(body, want) {
			t.Errorf("the page lacks %q", want)
		}
	}
}
