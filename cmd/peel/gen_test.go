package main

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"testing"

	"github.com/peel-oss/peel/internal/fixture"
	"github.com/peel-oss/peel/internal/peel"
	"github.com/peel-oss/peel/internal/store"
	"github.com/peel-oss/peel/internal/web"
)

// openDatabase opens a database that peel made, closed when the test ends.
func openDatabase(tb testing.TB, db string) *store.Store {
	tb.Helper()
	st, err := store.Open(context.Background(), db)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { st.Close() })
	return st
}

func TestGen(t *testing.T) {
	ctx := context.Background()
	for _, b := range fixture.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			t.Run("OK", func(t *testing.T) {
				db := b.Database(t)
				run(t, "--database", db, "migrate").want(t, 0)
				r := run(t, "--database", db, "gen", "--organisations", "3", "--cycles", "2", "--seed", "7").want(t, 0)
				want := "organisations: 3 added, 0 there already\nframeworks: 2 added, 0 there already\nassessments: 18 created, 0 there already\n"
				if r.stdout != want {
					t.Errorf("gen says:\n%s\nwant:\n%s", r.stdout, want)
				}
				if !strings.Contains(r.stderr, "gen: 18 of 18 assessments") {
					t.Errorf("gen shows no progress:\n%s", r.stderr)
				}
				st := openDatabase(t, db)
				list, err := st.FindAssessments(ctx, store.AssessmentFilter{})
				if err != nil {
					t.Fatal(err)
				}
				if len(list) != 18 {
					t.Fatalf("%d assessments stored, want 3 organisations × 2 cycles × 3 pillars", len(list))
				}
				orgs, err := st.FindOrganisations(ctx, store.OrganisationFilter{})
				if err != nil {
					t.Fatal(err)
				}
				kinds := map[string]string{}
				for _, o := range orgs {
					kinds[o.Slug] = o.Kind
				}
				if len(orgs) != 43+3 {
					t.Errorf("%d organisations, want the 43 forces and 3 samples", len(orgs))
				}
				for _, a := range list {
					// Never a grade for a real force, never a real cycle.
					if kinds[a.Organisation] != peel.KindSample || !strings.HasPrefix(a.Organisation, "sample-") ||
						!strings.HasPrefix(a.Framework, "sample-20") || a.Status != peel.StatusPublished || a.LastUpdated.IsZero() {
						t.Errorf("%s is %s of an organisation of kind %q, last updated %v", a.Path(), a.Status, kinds[a.Organisation], a.LastUpdated)
					}
				}
				fw, err := st.FindFrameworkBySlug(ctx, "sample-2031")
				if err != nil || fw.Programme != "Sample PEEL" || fw.Name() != "Sample PEEL 2031" {
					t.Errorf("framework sample-2031: %+v, %v", fw, err)
				}

				// What the site shows of it.
				s, err := web.NewServer(st, slog.New(slog.NewTextHandler(io.Discard, nil)), "http://peel.example")
				if err != nil {
					t.Fatal(err)
				}
				srv := httptest.NewServer(s.Handler())
				defer srv.Close()
				a, err := st.FindAssessment(ctx, "sample-2032", "sample-0002", "legitimacy")
				if err != nil {
					t.Fatal(err)
				}
				code, body := get(t, srv.URL+a.Path())
				if code != http.StatusOK {
					t.Fatalf("GET %s: %d", a.Path(), code)
				}
				for _, want := range []string{"Sample 0002 Sample PEEL 2032", "Legitimacy", a.Judgments[0].Question,
					a.LastUpdated.Format("2 January 2006"), fw.Grade(a.Grade).Label, strings.SplitN(a.Summary[0], " ", 6)[5]} {
					if !strings.Contains(body, want) {
						t.Errorf("the page of %s does not show %q", a.Path(), want)
					}
				}
				if code, body := get(t, srv.URL+"/forces/sample-0003"); code != http.StatusOK || !strings.Contains(body, "Sample Constabulary 0003") {
					t.Errorf("GET /forces/sample-0003: %d", code)
				}

				// Again: nothing changes.
				r = run(t, "--database", db, "gen", "--organisations", "3", "--cycles", "2", "--seed", "7").want(t, 0)
				want = "organisations: 0 added, 3 there already\nframeworks: 0 added, 2 there already\nassessments: 0 created, 18 there already\n"
				if r.stdout != want {
					t.Errorf("gen again says:\n%s\nwant:\n%s", r.stdout, want)
				}
				if again, err := st.FindAssessment(ctx, a.Framework, a.Organisation, a.Pillar); err != nil || !again.SameContent(a) || again.Version != 1 {
					t.Errorf("gen again changed %s: %v", a.Path(), err)
				}
			})

			t.Run("TopUp", func(t *testing.T) {
				// Growing tops up, and makes what a fresh run of the larger
				// size makes.
				small, large := b.Database(t), b.Database(t)
				for _, db := range []string{small, large} {
					run(t, "--database", db, "migrate").want(t, 0)
				}
				run(t, "--database", small, "gen", "--organisations", "2", "--cycles", "1").want(t, 0)
				r := run(t, "--database", small, "gen", "--organisations", "3", "--cycles", "2").want(t, 0)
				want := "organisations: 1 added, 2 there already\nframeworks: 1 added, 1 there already\nassessments: 12 created, 6 there already\n"
				if r.stdout != want {
					t.Errorf("gen, larger, says:\n%s\nwant:\n%s", r.stdout, want)
				}
				run(t, "--database", large, "gen", "--organisations", "3", "--cycles", "2").want(t, 0)
				for _, path := range []string{"sample-2031/sample-0001/effectiveness", "sample-2032/sample-0003/efficiency"} {
					if got, want := exportJSON(t, small, path), exportJSON(t, large, path); !reflect.DeepEqual(got, want) {
						t.Errorf("%s after topping up:\n%v\nwant as made at once:\n%v", path, got, want)
					}
				}
			})
		})
	}
}

func TestGenDeterministic(t *testing.T) {
	dbs := map[string]string{}
	for _, name := range []string{"a", "b", "other"} {
		dbs[name] = newDatabase(t)
		seed := "5"
		if name == "other" {
			seed = "6"
		}
		run(t, "--database", dbs[name], "gen", "--organisations", "2", "--cycles", "2", "--seed", seed).want(t, 0)
	}
	differs := 0
	for _, path := range []string{"sample-2031/sample-0001/effectiveness", "sample-2031/sample-0002/legitimacy", "sample-2032/sample-0002/efficiency"} {
		a, b, other := exportJSON(t, dbs["a"], path), exportJSON(t, dbs["b"], path), exportJSON(t, dbs["other"], path)
		if !reflect.DeepEqual(a, b) {
			t.Errorf("%s differs between two runs with seed 5:\n%v\n%v", path, a, b)
		}
		if !reflect.DeepEqual(a, other) {
			differs++
		}
		if text := run(t, "--database", dbs["a"], "export", path).want(t, 0).stdout; !strings.Contains(text, "Sample PEEL") {
			t.Errorf("the text of %s does not name the sample programme:\n%s", path, text)
		}
	}
	if differs == 0 {
		t.Errorf("seeds 5 and 6 make the same assessments")
	}
}

func TestGenRefused(t *testing.T) {
	t.Run("ErrNotASampleFramework", func(t *testing.T) {
		// testdata/sample-2031.json is a framework of another programme
		// whose slug is sample-2031.
		db := newDatabase(t)
		run(t, "--database", db, "framework", "import", "testdata/sample-2031.json").want(t, 0)
		r := run(t, "--database", db, "gen", "--organisations", "1", "--cycles", "1").want(t, 1)
		if !strings.Contains(r.stderr, "framework sample-2031 is stored and is not a sample") {
			t.Errorf("gen says:\n%s", r.stderr)
		}
		if list, err := openDatabase(t, db).FindAssessments(context.Background(), store.AssessmentFilter{}); err != nil || len(list) != 0 {
			t.Errorf("%d assessments stored, %v", len(list), err)
		}
	})
	t.Run("ErrNotASampleOrganisation", func(t *testing.T) {
		db := newDatabase(t)
		st := openDatabase(t, db)
		if _, err := st.AddOrganisations(context.Background(), []*peel.Organisation{{Slug: "sample-0002", Name: "A Real Force", ShortName: "Real", Kind: peel.KindTerritorialForce}}); err != nil {
			t.Fatal(err)
		}
		st.Close()
		r := run(t, "--database", db, "gen", "--organisations", "3", "--cycles", "1").want(t, 1)
		if !strings.Contains(r.stderr, "organisation sample-0002 is stored and is not a sample") {
			t.Errorf("gen says:\n%s", r.stderr)
		}
		if list, err := openDatabase(t, db).FindAssessments(context.Background(), store.AssessmentFilter{}); err != nil || len(list) != 0 {
			t.Errorf("%d assessments stored, %v", len(list), err)
		}
	})
	for _, args := range [][]string{{"--organisations", "0"}, {"--cycles", "0"}, {"--cycles", "51"}, {"extra"}} {
		t.Run(strings.Join(args, " "), func(t *testing.T) {
			r := run(t, append([]string{"--database", newDatabase(t), "gen"}, args...)...).want(t, 2)
			if !strings.Contains(r.stderr, "Usage: peel gen") {
				t.Errorf("gen %v says:\n%s", args, r.stderr)
			}
		})
	}
}

func TestGenHelp(t *testing.T) {
	r := run(t, "gen", "--help").want(t, 0)
	for _, want := range []string{"Usage: peel gen [options]", "--organisations N", "--cycles C", "--seed SEED", "tops up", "sample-0001", "Sample PEEL"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("peel gen --help does not show %q:\n%s", want, r.stdout)
		}
	}
}
