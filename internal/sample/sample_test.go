package sample_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/peel-oss/peel/internal/peel"
	"github.com/peel-oss/peel/internal/sample"
)

func TestOrganisation(t *testing.T) {
	for _, i := range []int{1, 43, 10000} {
		o := sample.Organisation(i)
		if err := o.Validate(); err != nil {
			t.Fatal(err)
		}
		n := fmt.Sprintf("%04d", i)
		if o.Slug != "sample-"+n || o.Name != "Sample Constabulary "+n || o.ShortName != "Sample "+n ||
			!strings.HasPrefix(o.Region, "Sample region ") || o.Country != "Sampleland" || o.Kind != peel.KindSample {
			t.Errorf("organisation %d is not plainly a sample: %+v", i, o)
		}
	}
}

func TestFramework(t *testing.T) {
	for c, want := range map[int]struct {
		slug   string
		grades int
	}{1: {"sample-2031", 4}, 2: {"sample-2032", 5}, 10: {"sample-2040", 5}} {
		fw := sample.Framework(c)
		if err := fw.Validate(); err != nil {
			t.Fatal(err)
		}
		if fw.Slug != want.slug || fw.Programme != "Sample PEEL" || len(fw.Scale) != want.grades || len(fw.Pillars) != 3 {
			t.Errorf("cycle %d: %s, %q, %d grades, %d pillars; want %s, Sample PEEL, %d grades, 3 pillars",
				c, fw.Slug, fw.Programme, len(fw.Scale), len(fw.Pillars), want.slug, want.grades)
		}
		for _, p := range fw.Pillars {
			if len(p.Questions) < 2 || !strings.Contains(p.Headline, "sample") {
				t.Errorf("cycle %d, pillar %s: %d questions, headline %q", c, p.Slug, len(p.Questions), p.Headline)
			}
		}
	}
}

func TestAssessments(t *testing.T) {
	t.Run("OK", func(t *testing.T) {
		fw := sample.Framework(2)
		org := sample.Organisation(7)
		list := sample.Assessments(1, org, fw)
		if len(list) != len(fw.Pillars) {
			t.Fatalf("%d assessments, want one for each of %d pillars", len(list), len(fw.Pillars))
		}
		for i, a := range list {
			if err := a.Validate(); err != nil {
				t.Fatal(err)
			}
			if a.Organisation != org.Slug || a.Framework != fw.Slug || a.Pillar != fw.Pillars[i].Slug || a.Status != peel.StatusPublished {
				t.Errorf("assessment %d is %s, %s", i, a.Path(), a.Status)
			}
			if a.PublishedAt == nil || a.LastUpdated.Year() != 2032 || a.PublishedAt.Format("2006-01-02") != a.LastUpdated.String() {
				t.Errorf("%s: published %v, last updated %v; want both on one day of 2032", a.Path(), a.PublishedAt, a.LastUpdated)
			}
			if fw.Grade(a.Grade) == nil || len(a.Summary) == 0 || len(a.Judgments) != len(fw.Pillars[i].Questions) {
				t.Errorf("%s: grade %q, %d summary paragraphs, %d judgments", a.Path(), a.Grade, len(a.Summary), len(a.Judgments))
			}
			var text []string
			text = append(text, a.Summary...)
			for _, j := range a.Judgments {
				if fw.Grade(j.Grade) == nil || j.Question != fw.Pillars[i].Question(j.Number).Text {
					t.Errorf("%s question %d: grade %q, text %q", a.Path(), j.Number, j.Grade, j.Question)
				}
				for _, b := range j.Body {
					if b.Link != nil {
						text = append(text, b.Link.Title)
						if !strings.HasPrefix(b.Link.Href, "https://example.org/sample/") {
							t.Errorf("%s links to %s", a.Path(), b.Link.Href)
						}
					} else {
						text = append(text, b.Paragraph)
					}
				}
			}
			for _, s := range text {
				if !strings.Contains(s, "Sample") {
					t.Errorf("%s: %q does not say it is sample text", a.Path(), s)
				}
			}
		}
	})

	t.Run("Deterministic", func(t *testing.T) {
		fw, org := sample.Framework(1), sample.Organisation(3)
		a, b := sample.Assessments(42, org, fw), sample.Assessments(42, org, fw)
		for i := range a {
			if !a[i].SameContent(b[i]) || !a[i].PublishedAt.Equal(*b[i].PublishedAt) {
				t.Errorf("%s differs between two runs with one seed", a[i].Path())
			}
		}
		c := sample.Assessments(43, org, fw)
		if a[0].SameContent(c[0]) && a[1].SameContent(c[1]) && a[2].SameContent(c[2]) {
			t.Errorf("seeds 42 and 43 make the same assessments")
		}
		d := sample.Assessments(42, sample.Organisation(4), fw)
		if strings.Join(a[0].Summary, "") == strings.ReplaceAll(strings.Join(d[0].Summary, ""), "0004", "0003") {
			t.Errorf("two organisations have the same summary")
		}
	})

	t.Run("Searchable", func(t *testing.T) {
		// A search for one noun should match some pages, not all.
		pages, matched := 0, map[string]int{}
		for i := 1; i <= 50; i++ {
			for c := 1; c <= 4; c++ {
				for _, a := range sample.Assessments(1, sample.Organisation(i), sample.Framework(c)) {
					pages++
					var text strings.Builder
					for _, s := range a.Summary {
						text.WriteString(s + " ")
					}
					for _, j := range a.Judgments {
						for _, b := range j.Body {
							text.WriteString(b.Paragraph + " ")
						}
					}
					for _, w := range sample.Nouns {
						if strings.Contains(text.String(), " "+w+" ") || strings.Contains(text.String(), " "+w+".") || strings.Contains(text.String(), " "+w+",") {
							matched[w]++
						}
					}
				}
			}
		}
		for _, w := range sample.Nouns {
			if share := float64(matched[w]) / float64(pages); share < 0.05 || share > 0.6 {
				t.Errorf("%q is in %.0f%% of %d pages; want a fraction", w, share*100, pages)
			}
		}
	})
}
