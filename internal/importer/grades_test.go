package importer_test

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/peel-oss/peel/internal/importer"
	"github.com/peel-oss/peel/internal/peel"
)

func TestParseGrades(t *testing.T) {
	t.Run("OK", func(t *testing.T) {
		for _, table := range []string{
			"force_slug,cycle,pillar,grade,source\r\ndurham,2016,Effectiveness,Good,https://sample.example/a\r\nessex,peel-2018,efficiency,Not graded,\r\ncumbria,2017,Legitimacy,,\r\n",
			"organisation\tcycle\tpillar\tgrade\tsource\ndurham\t2016\tEffectiveness\tgood\thttps://sample.example/a\nessex\t2018/19\tEfficiency\tUngraded\t\ncumbria\t2017\tLegitimacy\t\t\n",
		} {
			grades, skipped, err := importer.ParseGrades("grades", []byte(table), catalogue(t))
			if err != nil {
				t.Fatal(err)
			}
			if len(grades) != 2 || skipped != 1 {
				t.Fatalf("%d grades, %d left out; want 2 and the unknown one left out", len(grades), skipped)
			}
			if g := grades[0]; g.Path() != "/peel-assessments/peel-2016/durham/effectiveness" || g.Grade != "good" || g.Source != "https://sample.example/a" {
				t.Errorf("first row: %s %q %q", g.Path(), g.Grade, g.Source)
			}
			if g := grades[1]; g.Path() != "/peel-assessments/peel-2018/essex/efficiency" || g.Grade != "" {
				t.Errorf("a row not graded: %s %q", g.Path(), g.Grade)
			}
		}
	})
	t.Run("Questions", func(t *testing.T) {
		// The columns of the open data download: names, region, page and
		// question text are there for people, and the importer reads past
		// them.
		table := "framework,framework_name,organisation,organisation_name,region,pillar,pillar_name,question,question_text,grade,last_updated,page,source\r\n" +
			"peel-2016,PEEL 2016,durham,Durham Constabulary,North East,legitimacy,Legitimacy,,,Good,2016-12-08,https://peel.example.org/peel-assessments/peel-2016/durham/legitimacy,\r\n" +
			"peel-2016,PEEL 2016,durham,Durham Constabulary,North East,legitimacy,Legitimacy,2,\"How well, in a sample's words?\",Not graded,2016-12-08,https://peel.example.org/peel-assessments/peel-2016/durham/legitimacy,\r\n" +
			"peel-2016,PEEL 2016,durham,Durham Constabulary,North East,legitimacy,Legitimacy,3,,,2016-12-08,,\r\n"
		items, skipped, err := importer.ParseGrades("judgments.csv", []byte(table), catalogue(t))
		if err != nil {
			t.Fatal(err)
		}
		if len(items) != 2 || skipped != 1 {
			t.Fatalf("%d items, %d left out; want 2 and the unknown one left out", len(items), skipped)
		}
		day, _ := peel.NewDate(2016, 12, 8)
		want := []peel.GradedItem{
			{Framework: "peel-2016", Organisation: "durham", Pillar: "legitimacy", Grade: "good", LastUpdated: day},
			{Framework: "peel-2016", Organisation: "durham", Pillar: "legitimacy", Question: 2, QuestionText: "How well, in a sample's words?", LastUpdated: day},
		}
		if !slices.Equal(items, want) {
			t.Errorf("items\n%+v\nwant\n%+v", items, want)
		}
	})
	for _, tt := range []struct {
		name, table, problem, text string
		line                       int
	}{
		{"ErrNoColumn", "force,cycle,pillar\nDurham,2016,Efficiency\n", `no "organisation" column`, "force,cycle,pillar", 1},
		{"ErrUnknownOrganisation", "force_slug,cycle,pillar,grade\ndurham,2016,Efficiency,Good\natlantis,2016,Efficiency,Good\n", "unknown organisation", "atlantis", 3},
		{"ErrUnknownCycle", "force_slug,cycle,pillar,grade\ndurham,2031,Efficiency,Good\n", "no framework defines this cycle", "2031", 2},
		{"ErrUnknownPillar", "force_slug,cycle,pillar,grade\ndurham,2016,Bravery,Good\n", "PEEL 2016 has no such pillar", "Bravery", 2},
		{"ErrGradeOffScale", "force_slug,cycle,pillar,grade\ndurham,2016,Efficiency,Adequate\n", "grade not on the PEEL 2016 scale", "Adequate", 2},
		{"ErrSource", "force_slug,cycle,pillar,grade,source\ndurham,2016,Efficiency,Good,sample.example/a\n", "not an http or https address", "sample.example/a", 2},
		{"ErrNoSuchQuestion", "force_slug,cycle,pillar,question,grade\ndurham,2016,Efficiency,1,Good\n", "PEEL 2016 Efficiency has no question 1", "1", 2},
		{"ErrQuestionNumber", "force_slug,cycle,pillar,question,grade\ndurham,2016,Legitimacy,first,Good\n", "a question is given by its number", "first", 2},
		{"ErrTwice", "force_slug,cycle,pillar,question,grade\ndurham,2016,Legitimacy,,Good\ndurham,2016,legitimacy,1,Good\ndurham,peel-2016,Legitimacy,1,Inadequate\n", "given twice: first on line 3", "Inadequate", 4},
		{"ErrSourceDiffers", "force_slug,cycle,pillar,question,grade,source\ndurham,2016,Legitimacy,,Good,https://sample.example/a\ndurham,2016,Legitimacy,1,Good,https://sample.example/b\n", "the source differs from line 2's", "https://sample.example/b", 3},
		{"ErrDate", "force_slug,cycle,pillar,grade,last_updated\ndurham,2016,Legitimacy,Good,08/12/2016\n", "not of the form YYYY-MM-DD", "08/12/2016", 2},
		{"ErrDateDiffers", "force_slug,cycle,pillar,question,grade,last_updated\ndurham,2016,Legitimacy,,Good,2016-12-08\ndurham,2016,Legitimacy,2,Good,\n", "the last-updated date differs from line 2's", "", 3},
		{"ErrQuotes", "force_slug,cycle,pillar,grade\ndurham,2016,\"Efficiency,Good\n", "", "", 2},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := importer.ParseGrades("grades.csv", []byte(tt.table), catalogue(t))
			var le *importer.LineError
			if !errors.As(err, &le) {
				t.Fatalf("got %v, want a LineError", err)
			}
			if le.Line != tt.line || !strings.Contains(le.Problem, tt.problem) || le.Text != tt.text {
				t.Errorf("got %q; want line %d, %q, %q", err, tt.line, tt.problem, tt.text)
			}
		})
	}
}
