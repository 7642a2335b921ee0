package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/peel-oss/peel/internal/fixture"
	"github.com/peel-oss/peel/internal/peel"
	"github.com/peel-oss/peel/internal/store"
)

// The store's tests are one contract that every database engine keeps: each
// runs once for each of fixture.Backends, SQLite always and PostgreSQL when
// PEEL_TEST_DATABASE_URL is set. The few that only make sense for one
// engine say why.

// eachBackend runs test once for each backend, as parallel subtests named
// after the engine.
func eachBackend(t *testing.T, test func(t *testing.T, b fixture.Backend)) {
	t.Helper()
	for _, b := range fixture.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			t.Parallel()
			test(t, b)
		})
	}
}

// openStore opens an empty store of the backend (migrated, but with no
// reference data), closed when the test ends.
func openStore(tb testing.TB, b fixture.Backend) *store.Store {
	tb.Helper()
	ctx := context.Background()
	st, err := store.Open(ctx, b.MigratedDatabase(tb))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { st.Close() })
	if err := st.Migrate(ctx); err != nil {
		tb.Fatal(err)
	}
	return st
}

// sampleStore opens an empty store and adds the sample organisations and
// the sample framework.
func sampleStore(tb testing.TB, b fixture.Backend) *store.Store {
	tb.Helper()
	st := openStore(tb, b)
	if _, err := st.AddOrganisations(context.Background(), sampleOrganisations()); err != nil {
		tb.Fatal(err)
	}
	mustSaveFramework(tb, st, sampleFramework())
	return st
}

func sampleOrganisations() []*peel.Organisation {
	return []*peel.Organisation{
		{Slug: "sample-force", Name: "Sample Force", ShortName: "Sample", Region: "Sample Region", Country: "Sampleland", Kind: peel.KindTerritorialForce},
		{Slug: "other-force", Name: "Other Sample Force", ShortName: "Other Sample", Region: "Sample Region", Country: "Sampleland", Kind: peel.KindTerritorialForce},
	}
}

// sampleFramework is a small framework of the same shape as a PEEL cycle:
// four grades, one pillar with questions, one without.
func sampleFramework() *peel.Framework {
	return &peel.Framework{
		Slug: "sample-2030", Programme: "Sample", Cycle: "2030",
		Scale: []*peel.Grade{
			{Slug: "strong", Label: "Strong", Colour: "green"},
			{Slug: "fair", Label: "Fair", Colour: "teal"},
			{Slug: "weak", Label: "Weak", Colour: "orange"},
			{Slug: "poor", Label: "Poor"},
		},
		Pillars: []*peel.Pillar{
			{Slug: "alpha", Name: "Alpha", Headline: "How well does the force do alpha things?", Questions: []*peel.Question{
				{Number: 1, Text: "How well does the force plan alpha things?"},
				{Number: 2, Text: "How well does the force review alpha things?"},
			}},
			{Slug: "beta", Name: "Beta", Headline: "How well does the force do beta things?"},
		},
	}
}

func mustSaveFramework(tb testing.TB, st *store.Store, fw *peel.Framework) {
	tb.Helper()
	if _, err := st.SaveFramework(context.Background(), fw); err != nil {
		tb.Fatalf("save framework %s: %v", fw.Slug, err)
	}
}

func mustFindFramework(tb testing.TB, st *store.Store, slug string) *peel.Framework {
	tb.Helper()
	fw, err := st.FindFrameworkBySlug(context.Background(), slug)
	if err != nil {
		tb.Fatalf("find framework %s: %v", slug, err)
	}
	return fw
}

// sampleAssessment is a published assessment of the sample framework's alpha
// pillar, with a graded pillar, a summary, and judgments whose narratives
// hold paragraphs and links with and without an address.
func sampleAssessment(organisation string) *peel.Assessment {
	published := time.Date(2030, 3, 14, 9, 30, 0, 0, time.UTC)
	return &peel.Assessment{
		Organisation: organisation, Framework: "sample-2030", Pillar: "alpha",
		Headline:    "How well does the force do alpha things?",
		Grade:       "fair",
		LastUpdated: mustDate(2030, 3, 14),
		Status:      peel.StatusPublished,
		PublishedAt: &published,
		Summary: []string{
			"Sample Force is good at sample things.",
			"It could plan its sample work further ahead.",
		},
		Judgments: []*peel.Judgment{
			{Number: 1, Question: "How well does the force plan alpha things?", Grade: "strong", Body: []peel.Block{
				{Paragraph: "The force plans its sample work with care."},
				{Link: &peel.Link{Title: "Sample follow-up review", Href: "https://example.org/sample-review"}},
				{Paragraph: "Its plans are shared with staff."},
			}},
			{Number: 2, Question: "How well does the force review alpha things?", Grade: "", Body: []peel.Block{
				{Paragraph: "This question was not graded this year."},
				{Link: &peel.Link{Title: "Sample overview with no address"}},
			}},
		},
	}
}

// samplePillar is the alpha pillar as a page of sampleAssessment words it.
func samplePillar() *peel.Pillar {
	return &peel.Pillar{
		Slug: "alpha", Name: "Alpha", Headline: "How well does the force do alpha things?",
		Questions: []*peel.Question{
			{Number: 1, Text: "How well does the force plan alpha things?"},
			{Number: 2, Text: "How well does the force review alpha things?"},
		},
	}
}

func mustDate(year, month, day int) peel.Date {
	d, ok := peel.NewDate(year, month, day)
	if !ok {
		panic("no such day")
	}
	return d
}

func mustImport(tb testing.TB, st *store.Store, a *peel.Assessment, p *peel.Pillar) store.ImportResult {
	tb.Helper()
	res, err := st.ImportAssessment(context.Background(), a, p)
	if err != nil {
		tb.Fatalf("import %s: %v", a.Path(), err)
	}
	return res
}

// wantCode fails the test unless err carries the domain error code.
func wantCode(tb testing.TB, err error, code string) {
	tb.Helper()
	if got := peel.ErrorCode(err); got != code {
		tb.Fatalf("error %v: code %q, want %q", err, got, code)
	}
}
