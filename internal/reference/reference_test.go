package reference_test

import (
	"strings"
	"testing"

	"github.com/peel-oss/peel/internal/reference"
)

func TestForces(t *testing.T) {
	orgs, err := reference.Forces()
	if err != nil {
		t.Fatal(err)
	}
	wales := 0
	for _, o := range orgs {
		if o.Country == "Wales" {
			wales++
		}
	}
	if len(orgs) != 43 || wales != 4 {
		t.Errorf("%d forces, %d in Wales; want 43 and 4", len(orgs), wales)
	}
}

// TestGrades checks the shipped grades against the national figures for
// 2016 legitimacy: 2 outstanding (Derbyshire, Kent), 36 good, 5 requiring
// improvement.
func TestGrades(t *testing.T) {
	grades, err := reference.Grades()
	if err != nil {
		t.Fatal(err)
	}
	if len(grades) != 500 {
		t.Fatalf("%d grades, want 500", len(grades))
	}
	count := map[string]int{}
	var outstanding []string
	notGraded := 0
	for _, g := range grades {
		if !strings.HasPrefix(g.Source, "https://") && !strings.HasPrefix(g.Source, "http://") {
			t.Errorf("%s has no source", g.Path())
		}
		if g.Grade == "" {
			notGraded++
		}
		if g.Framework == "peel-2016" && g.Pillar == "legitimacy" {
			count[g.Grade]++
			if g.Grade == "outstanding" {
				outstanding = append(outstanding, g.Organisation)
			}
		}
	}
	if count["outstanding"] != 2 || count["good"] != 36 || count["requires-improvement"] != 5 || len(count) != 3 {
		t.Errorf("2016 legitimacy: %v", count)
	}
	if strings.Join(outstanding, ",") != "derbyshire,kent" && strings.Join(outstanding, ",") != "kent,derbyshire" {
		t.Errorf("outstanding in 2016 legitimacy: %v", outstanding)
	}
	if notGraded != 2 {
		t.Errorf("%d not graded, want the 2 the table says", notGraded)
	}
}
