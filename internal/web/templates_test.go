package web

import (
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/peel-oss/peel/internal/peel"
)

// TestTemplates renders every page template with sample data that reaches
// each of its branches. A template added without a case here fails.
func TestTemplates(t *testing.T) {
	s := &Server{Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}
	var err error
	if s.templates, err = parseTemplates(); err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	frame := page{
		Title:       "Sample page",
		Notices:     []*peel.Notice{{ID: 7, Title: "Sample notice", Body: "Sample notice text.", From: &now}},
		Breadcrumbs: []crumb{{"Home", "/"}, {"Sample Police", "/forces/sample"}},
	}
	org := &peel.Organisation{Slug: "sample", Name: "Sample Police", ShortName: "Sample", Region: "Sample Region"}
	fw := &peel.Framework{Slug: "sample-2031", Programme: "SAMPLE", Cycle: "2031",
		Scale:   []*peel.Grade{{Slug: "good", Label: "Good", Colour: "teal"}},
		Pillars: []*peel.Pillar{{Slug: "sample", Name: "Sample pillar"}}}
	day, _ := peel.NewDate(2031, 5, 4)
	good := grade{Label: "Good", Colour: "teal"}
	regions := []region{{Name: "Sample Region", Organisations: []*peel.Organisation{org}}}
	cases := map[string]struct {
		data any
		want []string
	}{
		"assessment.html": {&assessmentPage{
			page: frame, Organisation: org, Framework: fw, PillarName: "Sample pillar", Grade: good,
			Assessment: &peel.Assessment{Headline: "How sample is it?", LastUpdated: day, Summary: []string{"Sample summary."}},
			Questions: []questionView{{Number: 1, Text: "Sample question?", Grade: grade{Label: "Ungraded", Colour: "grey"}, Body: []bodyItem{
				{Paragraph: "Sample paragraph."},
				{Links: []*peel.Link{{Title: "Sample link with an address", Href: "/sample"}, {Title: "Sample link without one"}}},
			}}},
		}, []string{"Sample pillar", "How sample is it?", "4 May 2031", "govuk-tag--teal", "govuk-tag--grey", `<a class="govuk-link" href="/sample">Sample link with an address</a>`, "<li>Sample link without one</li>"}},
		"home.html": {&homePage{page: frame, Regions: regions, Latest: []publication{{Title: "Sample SAMPLE 2031: Sample pillar", Path: "/sample", Grade: good, LastUpdated: day}}},
			[]string{"Sample SAMPLE 2031: Sample pillar", "Sample Region", `href="/forces/sample"`, `href="/data/judgments.csv"`, `href="/data/judgments.json"`, `href="/api/v1/openapi.json"`}},
		"forces.html": {&forceIndexPage{page: frame, Regions: regions}, []string{"Sample Police"}},
		"force.html": {&forcePage{page: frame, Organisation: org, Pillars: []string{"Sample pillar", "Other"},
			Cycles: []cycleRow{{Framework: fw, Cells: []cycleCell{{Path: "/sample", Grade: good}, {}}}}},
			[]string{`id="sample-2031"`, `href="/sample"`, "Not published", `href="/data/judgments.csv?organisation=sample"`, `href="/data/judgments.json?organisation=sample"`}},
		"error.html": {&errorPage{page: frame, Status: 404}, []string{"If you typed the web address"}},
	}
	for name := range s.templates {
		c, ok := cases[name]
		if !ok {
			t.Errorf("template %s has no case in this test", name)
			continue
		}
		t.Run(name, func(t *testing.T) {
			rec := httptest.NewRecorder()
			s.render(rec, httptest.NewRequest("GET", "/", nil), http.StatusOK, name, c.data)
			body := rec.Body.String()
			if rec.Code != http.StatusOK {
				t.Fatalf("status %d: %s", rec.Code, body)
			}
			for _, want := range append(c.want, "Sample notice", `aria-label="Breadcrumb"`, "</html>") {
				if !strings.Contains(body, want) {
					t.Errorf("the page lacks %q", want)
				}
			}
		})
	}
}
