package store_test

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/peel-oss/peel/internal/fixture"
	"github.com/peel-oss/peel/internal/peel"
	"github.com/peel-oss/peel/internal/store"
)

// search runs a search and returns the paths found, in order, and the total.
func search(tb testing.TB, st *store.Store, filter store.SearchFilter) ([]string, int) {
	tb.Helper()
	list, total, err := st.Search(context.Background(), filter)
	if err != nil {
		tb.Fatalf("search %q: %v", filter.Query, err)
	}
	var paths []string
	for _, r := range list {
		paths = append(paths, r.Assessment.Path())
	}
	return paths, total
}

// wantFound checks a search finds the paths, in any order.
func wantFound(tb testing.TB, st *store.Store, filter store.SearchFilter, want ...string) {
	tb.Helper()
	paths, total := search(tb, st, filter)
	slices.Sort(paths)
	slices.Sort(want)
	if !slices.Equal(paths, want) || (filter.Limit == 0 && total != len(want)) {
		tb.Errorf("search %+v found %v (%d in all), want %v", filter, paths, total, want)
	}
}

// searchStore is sampleStore with the sample assessment published for two
// organisations, the second worded differently, and a third organisation.
func searchStore(tb testing.TB, b fixture.Backend) *store.Store {
	tb.Helper()
	st := sampleStore(tb, b)
	if _, err := st.AddOrganisations(context.Background(), []*peel.Organisation{
		{Slug: "northsample", Name: "Northsample Constabulary", ShortName: "Northsample", Region: "Sample Region", Country: "Sampleland", Kind: peel.KindTerritorialForce},
	}); err != nil {
		tb.Fatal(err)
	}
	mustImport(tb, st, sampleAssessment("sample-force"), samplePillar())
	other := sampleAssessment("northsample")
	other.Grade = "weak"
	other.Summary = []string{"The constabulary keeps horses for its mounted patrols."}
	mustImport(tb, st, other, samplePillar())
	return st
}

const (
	samplePath      = "/peel-assessments/sample-2030/sample-force/alpha"
	northsamplePath = "/peel-assessments/sample-2030/northsample/alpha"
)

func TestSearch(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	eachBackend(t, func(t *testing.T, b fixture.Backend) {
		st := searchStore(t, b)
		t.Run("OK", func(t *testing.T) {
			wantFound(t, st, store.SearchFilter{Query: "mounted horses"}, northsamplePath)
			// A word of a narrative paragraph, in another form.
			wantFound(t, st, store.SearchFilter{Query: "cared"}, samplePath, northsamplePath)
			// The force's name, though no narrative has it.
			wantFound(t, st, store.SearchFilter{Query: "northsample"}, northsamplePath)
			wantFound(t, st, store.SearchFilter{Query: "nothing-like-this"})
			// The text runs in page order: summary paragraphs in turn, then
			// the narrative.
			wantFound(t, st, store.SearchFilter{Query: `"sample things it could plan"`}, samplePath)
			wantFound(t, st, store.SearchFilter{Query: `"further ahead the force plans"`}, samplePath)
			wantFound(t, st, store.SearchFilter{Query: `"ahead it could"`})
		})
		t.Run("Snippet", func(t *testing.T) {
			list, _, err := st.Search(ctx, store.SearchFilter{Query: "horses"})
			if err != nil || len(list) != 1 {
				t.Fatalf("%d results, error %v", len(list), err)
			}
			var text strings.Builder
			var marked []string
			for _, f := range list[0].Snippet {
				text.WriteString(f.Text)
				if f.Match {
					marked = append(marked, f.Text)
				}
			}
			if !strings.Contains(text.String(), "keeps horses for its mounted patrols") {
				t.Errorf("snippet %q lacks the matching passage", text.String())
			}
			if !slices.Equal(marked, []string{"horses"}) {
				t.Errorf("marked %q, want the word searched for", marked)
			}
			if a := list[0].Assessment; a.Grade != "weak" || a.Status != peel.StatusPublished || a.Organisation != "northsample" {
				t.Errorf("found %+v", a)
			}
		})
		t.Run("Filters", func(t *testing.T) {
			for _, tt := range []struct {
				filter store.SearchFilter
				want   []string
			}{
				{store.SearchFilter{Organisation: "sample-force"}, []string{samplePath}},
				{store.SearchFilter{Organisation: "nowhere"}, nil},
				{store.SearchFilter{Framework: "sample-2030"}, []string{samplePath, northsamplePath}},
				{store.SearchFilter{Framework: "peel-2016"}, nil},
				{store.SearchFilter{Pillar: "alpha"}, []string{samplePath, northsamplePath}},
				{store.SearchFilter{Pillar: "beta"}, nil},
				{store.SearchFilter{Grade: "weak"}, []string{northsamplePath}},
				{store.SearchFilter{Grade: "fair", Pillar: "alpha", Organisation: "sample-force"}, []string{samplePath}},
				{store.SearchFilter{Grade: "strong"}, nil},
			} {
				tt.filter.Query = "care"
				wantFound(t, st, tt.filter, tt.want...)
			}
		})
		t.Run("Paging", func(t *testing.T) {
			all, total := search(t, st, store.SearchFilter{Query: "care"})
			if total != 2 || len(all) != 2 {
				t.Fatalf("found %v, %d in all", all, total)
			}
			for i := range 3 {
				page, total := search(t, st, store.SearchFilter{Query: "care", Limit: 1, Offset: i})
				if want := all[min(i, 2):min(i+1, 2)]; !slices.Equal(page, want) || total != 2 {
					t.Errorf("offset %d: %v of %d, want %v of 2", i, page, total, want)
				}
			}
		})
		t.Run("Limits", func(t *testing.T) {
			st := searchStore(t, b)
			mustImport(t, st, sampleAssessment("other-force"), samplePillar())
			// More than it ranks: newest first. More than it counts: as
			// many as it counts, and no further pages.
			store.SetSearchLimits(st, 2, 1)
			newest := []string{"/peel-assessments/sample-2030/other-force/alpha", northsamplePath}
			if paths, total := search(t, st, store.SearchFilter{Query: "care", Limit: 2}); !slices.Equal(paths, newest) || total != 2 {
				t.Errorf("found %v, %d in all; want %v, 2", paths, total, newest)
			}
			if paths, total := search(t, st, store.SearchFilter{Query: "horses", Limit: 2}); len(paths) != 1 || total != 1 {
				t.Errorf("found %v, %d in all; want 1", paths, total)
			}
		})
		t.Run("Empty", func(t *testing.T) {
			for _, q := range []string{"", "   ", `""`, "- * ( ) :"} {
				if list, total, err := st.Search(ctx, store.SearchFilter{Query: q}); err != nil || len(list) != 0 || total != 0 {
					t.Errorf("search %q: %d results, %d in all, error %v; want none", q, len(list), total, err)
				}
			}
		})
	})
}

// TestSearchSyntax checks that nothing a reader types is taken as either
// engine's query syntax, so that none of it fails.
func TestSearchSyntax(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	eachBackend(t, func(t *testing.T, b fixture.Backend) {
		st := searchStore(t, b)
		for _, tt := range []struct {
			q     string
			found int // -1: any number
		}{
			{`"care`, 2}, {`care"`, 2}, {`"""care`, 2}, {`-care`, 2}, {`care -`, 2}, {`- care`, 2}, {`-`, 0},
			{`care*`, 2}, {`*care`, 2}, {`*`, 0}, {`(care`, 2}, {`care)`, 2}, {`((`, 0}, {`care AND`, -1}, {`OR care`, -1},
			{`NOT care`, -1}, {`NEAR(care plans)`, -1}, {`care NEAR/2 plans`, -1}, {`^care`, 2}, {`text:care`, -1}, {`names : care`, -1},
			{`{text names}: care`, -1}, {`care's`, -1}, {`'`, 0}, {`\`, 0}, {`care\`, 2}, {`%`, 0}, {`_care_`, 2},
			{`care'; DROP TABLE assessments; --`, -1}, {`<script>alert(1)</script>`, 0}, {"care\x00", 2}, {"\xffcare\xfe", 2},
			{"\ue000care\ue001", 2}, {`"mounted patrols"`, 1}, {`"patrols mounted"`, 0}, {`"mounted   patrols`, 1},
			{strings.Repeat("care ", 1000), 2}, {strings.Repeat("(", 5000), 0}, {`ሰላም`, 0}, {`😀`, 0},
		} {
			list, total, err := st.Search(ctx, store.SearchFilter{Query: tt.q, Limit: 10})
			if err != nil {
				t.Errorf("search %.40q: %v", tt.q, err)
			} else if tt.found >= 0 && (len(list) != tt.found || total != tt.found) {
				t.Errorf("search %.40q: %d results, %d in all; want %d", tt.q, len(list), total, tt.found)
			}
		}
	})
}

// TestSearchEmbargo checks that only what the public may see now is
// found or counted.
func TestSearchEmbargo(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	eachBackend(t, func(t *testing.T, b fixture.Backend) {
		st, _ := draftStore(t, b)
		published := sampleAssessment("other-force")
		published.Summary = []string{"A published summary."}
		mustImport(t, st, published, samplePillar())
		other := "/peel-assessments/sample-2030/other-force/alpha"

		// The draft's words are not found, nor counted under the words it
		// shares with what is published.
		wantFound(t, st, store.SearchFilter{Query: "further ahead"})
		wantFound(t, st, store.SearchFilter{Query: "care"}, other)

		// Scheduled for later: still not.
		at := time.Now().Add(time.Hour)
		if _, err := st.PublishAssessment(ctx, "sample-2030", "sample-force", "alpha", &at); err != nil {
			t.Fatal(err)
		}
		wantFound(t, st, store.SearchFilter{Query: "further ahead"})
		wantFound(t, st, store.SearchFilter{Query: "care"}, other)

		// Due by the database's clock, before the publication is recorded.
		makeDue(t, st)
		wantFound(t, st, store.SearchFilter{Query: "further ahead"}, samplePath)
		if list, _, err := st.Search(ctx, store.SearchFilter{Query: "further ahead"}); err != nil || list[0].Assessment.Status != peel.StatusPublished {
			t.Fatalf("a due assessment is found as %+v (error %v), want published", list, err)
		}
	})
}

// makeDue moves every scheduled assessment's time to a second ago, as if it
// had come, without recording the publication.
func makeDue(tb testing.TB, st *store.Store) {
	tb.Helper()
	at := time.Now().Add(-time.Second).UTC().Format("2006-01-02T15:04:05.000Z")
	if _, err := store.DB(st).ExecContext(context.Background(),
		store.Rebind(st, `UPDATE assessments SET publish_at = ? WHERE status = 'scheduled'`), at); err != nil {
		tb.Fatal(err)
	}
}

// TestSearchIndex checks the index follows every write of what it holds,
// and that the migration that makes it indexes what was stored before.
func TestSearchIndex(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	eachBackend(t, func(t *testing.T, b fixture.Backend) {
		st := searchStore(t, b)
		t.Run("Reimport", func(t *testing.T) {
			changed := sampleAssessment("sample-force")
			changed.Judgments[0].Body[0].Paragraph = "The force plans its sample work with diligence."
			if res := mustImport(t, st, changed, samplePillar()); res.Outcome != store.Updated {
				t.Fatalf("outcome %s", res.Outcome)
			}
			wantFound(t, st, store.SearchFilter{Query: "diligence"}, samplePath)
			wantFound(t, st, store.SearchFilter{Query: "care"}, northsamplePath)
		})
		t.Run("Grades", func(t *testing.T) {
			g := &peel.Assessment{Organisation: "other-force", Framework: "sample-2030", Pillar: "beta", Grade: "poor", Status: peel.StatusPublished}
			if _, err := st.ImportGrades(ctx, []*peel.Assessment{g}, false); err != nil {
				t.Fatal(err)
			}
			wantFound(t, st, store.SearchFilter{Query: "beta"}, g.Path())
		})
		t.Run("Framework", func(t *testing.T) {
			fw := sampleFramework()
			fw.Pillars[0].Name = "Gamma"
			wantFound(t, st, store.SearchFilter{Query: "gamma"})
			mustSaveFramework(t, st, fw)
			wantFound(t, st, store.SearchFilter{Query: "gamma northsample"}, northsamplePath)
		})
		t.Run("Migration", func(t *testing.T) {
			// Back to the schema before the index, with what is stored kept.
			db := store.DB(st)
			for _, q := range []string{`DROP VIEW search_sources`, `DROP TABLE IF EXISTS search_index`, `DROP TABLE search_documents`, `ALTER TABLE assessment_versions DROP COLUMN note`} {
				if _, err := db.ExecContext(ctx, q); err != nil {
					t.Fatalf("%s: %v", q, err)
				}
			}
			if _, err := db.ExecContext(ctx, store.Rebind(st, `DELETE FROM schema_migrations WHERE version = ?`), store.MigrationVersion(st, "search")); err != nil {
				t.Fatal(err)
			}
			if err := st.Migrate(ctx); err != nil {
				t.Fatal(err)
			}
			wantFound(t, st, store.SearchFilter{Query: "horses"}, northsamplePath)
			wantFound(t, st, store.SearchFilter{Query: "gamma diligence"}, samplePath)
			wantFound(t, st, store.SearchFilter{Query: "beta"}, "/peel-assessments/sample-2030/other-force/beta")
		})
	})
}

// TestSearchFindings: an assessment is found by its areas for
// improvement and its causes of concern with their recommendations, and
// never by its rationale, which is for the editors.
func TestSearchFindings(t *testing.T) {
	t.Parallel()
	eachBackend(t, func(t *testing.T, b fixture.Backend) {
		st := sampleStore(t, b)
		a := sampleAssessment("sample-force")
		a.Improvements = []string{"The force should improve its heliograph signalling."}
		a.Concerns = []*peel.Concern{{Text: "Sample dirigibles are left unmoored.", Recommendations: []string{"Within three months, moor every zeppelin."}}}
		a.Rationale = "The pillar grade weighs the quagga survey most."
		mustImport(t, st, a, samplePillar())
		for _, q := range []string{"heliograph", "dirigibles", "zeppelin"} {
			wantFound(t, st, store.SearchFilter{Query: q}, samplePath)
		}
		wantFound(t, st, store.SearchFilter{Query: "quagga"})
	})
}
