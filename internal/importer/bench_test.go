package importer_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/peel-oss/peel/internal/fixture"
	"github.com/peel-oss/peel/internal/importer"
	"github.com/peel-oss/peel/internal/peel"
	"github.com/peel-oss/peel/internal/reference"
	"github.com/peel-oss/peel/internal/store"
)

// BenchmarkImport imports pages that each make a new assessment, on each
// backend: parsing, matching against the catalogue read from the store, and
// the transaction that writes the assessment and its first version.
func BenchmarkImport(b *testing.B) {
	pages := distinctPages(b)
	for _, be := range fixture.Backends() {
		b.Run(be.Name, func(b *testing.B) {
			ctx := context.Background()
			im := &importer.Importer{Store: be.Open(b)}
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				if i > 0 && i%len(pages) == 0 {
					// Every page is in this store now: start again on an
					// empty one, outside the time measured.
					b.StopTimer()
					im = &importer.Importer{Store: be.Open(b)}
					b.StartTimer()
				}
				p := pages[i%len(pages)]
				res, err := im.Import(ctx, p.name, p.data, false)
				if err != nil {
					b.Fatal(err)
				}
				if res.Outcome != store.Created {
					b.Fatalf("%s: %s, want %s", p.name, res.Outcome, store.Created)
				}
			}
			reportPagesPerSecond(b)
		})
	}
}

// BenchmarkImportUnchanged imports the seed page again and again into a
// store that holds it already: the path a repeated import of a whole
// folder mostly takes.
func BenchmarkImportUnchanged(b *testing.B) {
	seed := fixture.Seed(b)
	for _, be := range fixture.Backends() {
		b.Run(be.Name, func(b *testing.B) {
			ctx := context.Background()
			im := &importer.Importer{Store: be.Open(b)}
			if _, err := im.Import(ctx, fixture.SeedName, seed, false); err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				res, err := im.Import(ctx, fixture.SeedName, seed, false)
				if err != nil {
					b.Fatal(err)
				}
				if res.Outcome != store.Unchanged {
					b.Fatalf("%s, want %s", res.Outcome, store.Unchanged)
				}
			}
			reportPagesPerSecond(b)
		})
	}
}

// BenchmarkParse reads and resolves the same pages as BenchmarkImport
// against the reference data in memory, with no store: the bound that an
// import's rate is compared against.
func BenchmarkParse(b *testing.B) {
	pages := distinctPages(b)
	cat := catalogue(b)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		p := pages[i%len(pages)]
		page, err := importer.ParsePage(p.name, p.data)
		if err != nil {
			b.Fatal(err)
		}
		if _, _, _, err := page.Resolve(p.name, cat, peel.StatusPublished); err != nil {
			b.Fatal(err)
		}
	}
	reportPagesPerSecond(b)
}

func reportPagesPerSecond(b *testing.B) {
	b.Helper()
	if s := b.Elapsed().Seconds(); s > 0 {
		b.ReportMetric(float64(b.N)/s, "pages/s")
	}
}

type generatedPage struct {
	name string
	data []byte
}

// distinctPages makes, in memory, one page per force, cycle and pillar from
// the seed: its title names each of the 43 forces and each shipped cycle in
// turn, and its pillar (with the heading of its questions) each of the
// cycle's pillars, so that every page is a different assessment.
func distinctPages(tb testing.TB) []generatedPage {
	tb.Helper()
	seed := string(fixture.Seed(tb))
	p, err := importer.ParsePage(fixture.SeedName, []byte(seed))
	if err != nil {
		tb.Fatal(err)
	}
	forces, err := reference.Forces()
	if err != nil {
		tb.Fatal(err)
	}
	fws, err := reference.Frameworks()
	if err != nil {
		tb.Fatal(err)
	}
	lines := strings.Split(seed, "\n")
	// Keep a line's CR, if it has one, so that the page's other lines are
	// read exactly as the seed's.
	set := func(out []string, line int, text string) {
		end := ""
		if strings.HasSuffix(lines[line-1], "\r") {
			end = "\r"
		}
		out[line-1] = text + end
	}
	var pages []generatedPage
	for _, fw := range fws {
		for _, pillar := range fw.Pillars {
			for _, org := range forces {
				out := append([]string(nil), lines...)
				set(out, p.Title.Line, fmt.Sprintf("%s %s %s", org.ShortName, fw.Programme, fw.Cycle))
				set(out, p.Pillar.Line, pillar.Name)
				set(out, p.Heading.Line, "Questions for "+pillar.Name)
				pages = append(pages, generatedPage{
					name: fmt.Sprintf("%s/%s/%s.txt", fw.Slug, org.Slug, pillar.Slug),
					data: []byte(strings.Join(out, "\n")),
				})
			}
		}
	}
	return pages
}
