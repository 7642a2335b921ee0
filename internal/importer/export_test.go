package importer_test

import (
	"strconv"
	"strings"
	"testing"

	"github.com/peel-oss/peel/internal/fixture"
	"github.com/peel-oss/peel/internal/importer"
	"github.com/peel-oss/peel/internal/peel"
)

// export writes an assessment read against the reference data back out.
func export(tb testing.TB, a *peel.Assessment) string {
	tb.Helper()
	cat := catalogue(tb)
	var org *peel.Organisation
	for _, o := range cat.Organisations {
		if o.Slug == a.Organisation {
			org = o
		}
	}
	for _, fw := range cat.Frameworks {
		if fw.Slug == a.Framework {
			return string(importer.Text(a, org, fw))
		}
	}
	tb.Fatalf("no framework %s", a.Framework)
	return ""
}

func TestText(t *testing.T) {
	t.Run("SeedRoundTrip", func(t *testing.T) {
		a, _, _, err := read(t, string(fixture.Seed(t)))
		if err != nil {
			t.Fatal(err)
		}
		want := fixture.SeedLines(t, 7, 60) + "\n"
		if got := export(t, a); got != want {
			t.Errorf("the export differs from lines 7–60 of the seed:\n%s", firstDifference(got, want))
		}
	})
	t.Run("SampleRoundTrip", func(t *testing.T) {
		page := samplePage("Durham PEEL 2016", "Effectiveness", []string{"Ungraded", "Good", "Outstanding", "Requires improvement", "Inadequate", "Ungraded"})
		a, _, _, err := read(t, page)
		if err != nil {
			t.Fatal(err)
		}
		if got := export(t, a); got != page {
			t.Errorf("the export differs from the page:\n%s", firstDifference(got, page))
		}
		again, _, _, err := read(t, export(t, a))
		if err != nil || !again.SameContent(a) {
			t.Errorf("reading the export back gives another assessment (err %v)", err)
		}
	})
}

// firstDifference describes where two texts first part.
func firstDifference(got, want string) string {
	g, w := strings.Split(got, "\n"), strings.Split(want, "\n")
	for i := 0; i < len(g) && i < len(w); i++ {
		if g[i] != w[i] {
			return "line " + itoa(i+1) + ":\n got  " + g[i] + "\n want " + w[i]
		}
	}
	return "got " + itoa(len(g)) + " lines, want " + itoa(len(w))
}

func itoa(n int) string { return strconv.Itoa(n) }
