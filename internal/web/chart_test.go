package web

import (
	"encoding/xml"
	"io"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// valueRE finds the numbers a bar chart writes at its bars' ends.
var valueRE = regexp.MustCompile(`class="peel-chart__value">(\d+)</text>`)

// chartValues returns the numbers written on a bar chart's bars.
func chartValues(svg string) []int {
	var values []int
	for _, m := range valueRE.FindAllStringSubmatch(svg, -1) {
		n, _ := strconv.Atoi(m[1])
		values = append(values, n)
	}
	return values
}

// wellFormed fails the test unless svg is one well-formed XML element.
func wellFormed(t *testing.T, svg string) {
	t.Helper()
	d := xml.NewDecoder(strings.NewReader(svg))
	for {
		if _, err := d.Token(); err != nil {
			if err != io.EOF {
				t.Fatalf("not well-formed: %v\n%s", err, svg)
			}
			return
		}
	}
}

func TestBarChart(t *testing.T) {
	t.Run("OK", func(t *testing.T) {
		c := barChart{ID: "c1", Title: "Sample <counts>", Description: "Sample description", Bars: []bar{
			{Label: "Good", Value: 28, Colour: "teal"}, {Label: "Requires improvement", Value: 13, Colour: "orange"},
			{Label: "Inadequate", Value: 0, Colour: "red"}, {Label: "Ungraded", Value: 2, Ungraded: true},
		}}
		svg := string(c.SVG())
		wellFormed(t, svg)
		if got := chartValues(svg); len(got) != len(c.Bars) || got[0] != 28 || got[1] != 13 || got[2] != 0 || got[3] != 2 {
			t.Errorf("the bars say %v", got)
		}
		for _, want := range []string{`role="img"`, `aria-labelledby="c1-title c1-desc"`, `<title id="c1-title">Sample &lt;counts&gt;</title>`,
			`<desc id="c1-desc">Sample description</desc>`, ">Requires improvement</text>", `fill="url(#c1-hatch)"`} {
			if !strings.Contains(svg, want) {
				t.Errorf("the chart lacks %q", want)
			}
		}
		// The longest bar is the full width; the others in proportion.
		if !strings.Contains(svg, `width="`+strconv.Itoa(barWidth)+`"`) || !strings.Contains(svg, `width="`+strconv.Itoa(13*barWidth/28)+`"`) {
			t.Errorf("the bars are not in proportion:\n%s", svg)
		}
	})
	t.Run("Empty", func(t *testing.T) {
		for _, c := range []barChart{{ID: "c2", Title: "None"}, {ID: "c3", Title: "Zeros", Bars: []bar{{Label: "Good", Value: 0}}}} {
			svg := string(c.SVG())
			wellFormed(t, svg)
			if !strings.Contains(svg, "Nothing to count") || len(chartValues(svg)) != 0 {
				t.Errorf("%s: an empty chart draws\n%s", c.Title, svg)
			}
		}
	})
}

func TestLineChart(t *testing.T) {
	t.Run("OK", func(t *testing.T) {
		c := lineChart{ID: "l1", Title: "Sample moves", XLabels: []string{"2030", "2031", "2032"}, YLabels: []string{"Strong", "Fair", "Weak"},
			Series: []series{{Name: "Alpha", Points: []int{1, 0, -1}}, {Name: "Beta & co", Points: []int{2, -1, 2}}}}
		svg := string(c.SVG())
		wellFormed(t, svg)
		for _, want := range []string{`role="img"`, ">Strong</text>", ">2032</text>", ">Alpha</text>", ">Beta &amp; co</text>", `stroke-dasharray="8 4"`} {
			if !strings.Contains(svg, want) {
				t.Errorf("the chart lacks %q", want)
			}
		}
		// A line joins neighbouring grades only: Alpha's two, and none of
		// Beta's, which a missing cycle parts.
		paths := regexp.MustCompile(`<path d="([^"]+)" fill="none"`).FindAllStringSubmatch(svg, -1)
		if len(paths) != 2 || strings.Count(paths[0][1], "L") != 1 || strings.Count(paths[1][1], "L") != 0 {
			t.Errorf("lines %q", paths)
		}
		// One marker for each grade, and one in the legend for each line.
		if n := strings.Count(svg, "<circle") + strings.Count(svg, `width="12" height="12"`); n != 2+1+2+1 {
			t.Errorf("%d markers, want 6", n)
		}
	})
	t.Run("Empty", func(t *testing.T) {
		svg := string(lineChart{ID: "l2", Title: "None"}.SVG())
		wellFormed(t, svg)
		if !strings.Contains(svg, "No grades to show") {
			t.Errorf("an empty chart draws\n%s", svg)
		}
	})
}

func TestMergeScale(t *testing.T) {
	four := []string{"Outstanding", "Good", "Requires improvement", "Inadequate"}
	five := []string{"Outstanding", "Good", "Adequate", "Requires improvement", "Inadequate"}
	if got := strings.Join(mergeScale(mergeScale(nil, four), five), ","); got != strings.Join(five, ",") {
		t.Errorf("merged %s", got)
	}
}
