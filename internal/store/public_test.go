package store_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/peel-oss/peel/internal/fixture"
	"github.com/peel-oss/peel/internal/peel"
	"github.com/peel-oss/peel/internal/store"
)

// publicStore holds one assessment of each state: sample-force's alpha
// published, its beta scheduled and due in a moment, other-force's alpha a
// draft and its beta scheduled in an hour. It returns when the due one's
// time comes.
func publicStore(t *testing.T, b fixture.Backend) (*store.Store, time.Time) {
	t.Helper()
	ctx := context.Background()
	st := sampleStore(t, b)
	mustImport(t, st, sampleAssessment("sample-force"), samplePillar())
	beta := func(org string) *peel.Assessment {
		return &peel.Assessment{Organisation: org, Framework: "sample-2030", Pillar: "beta", Headline: "How well does the force do beta things?", Grade: "weak", Status: peel.StatusDraft}
	}
	draft := sampleAssessment("other-force")
	draft.Status, draft.PublishedAt = peel.StatusDraft, nil
	mustImport(t, st, draft, samplePillar())
	betaPillar := &peel.Pillar{Slug: "beta", Name: "Beta", Headline: "How well does the force do beta things?"}
	mustImport(t, st, beta("sample-force"), betaPillar)
	mustImport(t, st, beta("other-force"), betaPillar)
	soon := time.Now().Add(300 * time.Millisecond).Truncate(time.Millisecond)
	later := time.Now().Add(time.Hour)
	if _, err := st.PublishAssessment(ctx, "sample-2030", "sample-force", "beta", &soon); err != nil {
		t.Fatal(err)
	}
	if _, err := st.PublishAssessment(ctx, "sample-2030", "other-force", "beta", &later); err != nil {
		t.Fatal(err)
	}
	return st, soon
}

func TestFindPublicAssessments(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	eachBackend(t, func(t *testing.T, b fixture.Backend) {
		st, soon := publicStore(t, b)
		paths := func(f store.PublicFilter) (string, int) {
			t.Helper()
			list, total, err := st.FindPublicAssessments(ctx, f)
			if err != nil {
				t.Fatal(err)
			}
			var p []string
			for _, a := range list {
				p = append(p, a.Path()+" "+string(a.Status))
			}
			return strings.Join(p, ","), total
		}
		alpha := "/peel-assessments/sample-2030/sample-force/alpha published"
		beta := "/peel-assessments/sample-2030/sample-force/beta published"
		if got, total := paths(store.PublicFilter{}); got != alpha || total != 1 {
			t.Errorf("before the scheduled time: %q, %d in all", got, total)
		}
		time.Sleep(time.Until(soon) + 50*time.Millisecond)
		for _, tt := range []struct {
			filter store.PublicFilter
			want   string
			total  int
		}{
			{store.PublicFilter{}, alpha + "," + beta, 2},
			{store.PublicFilter{Limit: 1}, alpha, 2},
			{store.PublicFilter{Limit: 1, Offset: 1}, beta, 2},
			{store.PublicFilter{Limit: 1, Offset: 2}, "", 2},
			{store.PublicFilter{Pillar: "beta"}, beta, 1},
			{store.PublicFilter{Grade: "fair", Region: "Sample Region", Framework: "sample-2030", Organisation: "sample-force"}, alpha, 1},
			{store.PublicFilter{Organisation: "other-force"}, "", 0},
			{store.PublicFilter{Grade: "poor"}, "", 0},
		} {
			if got, total := paths(tt.filter); got != tt.want || total != tt.total {
				t.Errorf("%+v: %q, %d in all; want %q, %d", tt.filter, got, total, tt.want, tt.total)
			}
		}
	})
}

func TestCheckPublicFilter(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	eachBackend(t, func(t *testing.T, b fixture.Backend) {
		st := sampleStore(t, b)
		if err := st.CheckPublicFilter(ctx, store.PublicFilter{Framework: "sample-2030", Organisation: "sample-force", Pillar: "beta", Region: "Sample Region", Grade: "poor"}); err != nil {
			t.Errorf("a filter of what is stored: %v", err)
		}
		for _, tt := range []struct {
			filter store.PublicFilter
			want   string
		}{
			{store.PublicFilter{Framework: "sample-2031"}, `framework: there is no framework "sample-2031"`},
			{store.PublicFilter{Organisation: "atlantis"}, `organisation: there is no organisation "atlantis"`},
			{store.PublicFilter{Pillar: "gamma"}, `pillar: no framework has a pillar "gamma"`},
			{store.PublicFilter{Region: "Atlantis"}, `region: no organisation is in a region "Atlantis"`},
			{store.PublicFilter{Grade: "superb", Framework: "sample-2030"}, `grade: framework sample-2030 has no grade "superb" on its scale`},
		} {
			err := st.CheckPublicFilter(ctx, tt.filter)
			if peel.ErrorCode(err) != peel.EINVALID || peel.ErrorMessage(err) != tt.want {
				t.Errorf("%+v: %v; want %q", tt.filter, err, tt.want)
			}
		}
	})
}

func TestEachJudgment(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	eachBackend(t, func(t *testing.T, b fixture.Backend) {
		st, soon := publicStore(t, b)
		time.Sleep(time.Until(soon) + 50*time.Millisecond)
		var rows []string
		err := st.EachJudgment(ctx, store.PublicFilter{}, func(r *store.JudgmentRow) error {
			rows = append(rows, strings.Join([]string{r.FrameworkName, r.Organisation, r.OrganisationName, r.Region, r.PillarName,
				string(rune('0' + r.Question)), r.QuestionText, r.Grade, r.GradeLabel, r.LastUpdated.String()}, "|"))
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		want := []string{
			"Sample 2030|sample-force|Sample Force|Sample Region|Alpha|0||fair|Fair|2030-03-14",
			"Sample 2030|sample-force|Sample Force|Sample Region|Alpha|1|How well does the force plan alpha things?|strong|Strong|2030-03-14",
			"Sample 2030|sample-force|Sample Force|Sample Region|Alpha|2|How well does the force review alpha things?|||2030-03-14",
			"Sample 2030|sample-force|Sample Force|Sample Region|Beta|0||weak|Weak|0001-01-01",
		}
		if strings.Join(rows, "\n") != strings.Join(want, "\n") {
			t.Errorf("rows:\n%s\nwant:\n%s", strings.Join(rows, "\n"), strings.Join(want, "\n"))
		}
		n := 0
		if err := st.EachJudgment(ctx, store.PublicFilter{Pillar: "alpha", Grade: "strong"}, func(*store.JudgmentRow) error { n++; return nil }); err != nil || n != 1 {
			t.Errorf("filtered by pillar and grade: %d rows, %v; want the one question", n, err)
		}
	})
}

func TestFindChanges(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	eachBackend(t, func(t *testing.T, b fixture.Backend) {
		start := time.Now().Add(-time.Minute)
		st, soon := publicStore(t, b)
		list := func(after store.ChangesAfter, limit int) []*store.Change { return mustFindChanges(t, st, after, limit) }
		describe := func(changes []*store.Change) string {
			var s []string
			for _, c := range changes {
				s = append(s, c.Path()+" v"+string(rune('0'+c.Version)))
			}
			return strings.Join(s, ",")
		}
		alpha := "/peel-assessments/sample-2030/sample-force/alpha v1"
		if got := describe(list(store.ChangesSince(start), 10)); got != alpha {
			t.Errorf("before the scheduled time: %s", got)
		}
		time.Sleep(time.Until(soon) + 50*time.Millisecond)
		// Due, and not yet recorded by the publisher: there, at its time.
		due := list(store.ChangesSince(start), 10)
		beta := "/peel-assessments/sample-2030/sample-force/beta v2"
		if got := describe(due); got != alpha+","+beta || !due[1].At.Equal(soon) {
			t.Fatalf("due: %s, the second at %v; want it at %v", got, due[len(due)-1].At, soon)
		}
		if _, err := st.PublishDue(ctx); err != nil {
			t.Fatal(err)
		}
		recorded := list(store.ChangesSince(start), 10)
		if describe(recorded) != describe(due) || !recorded[1].At.Equal(soon) || recorded[1].Cursor != due[1].Cursor {
			t.Errorf("recorded, the change is not the one listed while due: %s at %v", describe(recorded), recorded[1].At)
		}
		// A cursor goes on after its change; a time, after every change at it.
		first := list(store.ChangesSince(start), 1)
		after, err := store.ParseChangeCursor(first[0].Cursor)
		if err != nil {
			t.Fatal(err)
		}
		if got := describe(list(after, 10)); got != beta {
			t.Errorf("after the first: %s", got)
		}
		if got := describe(list(store.ChangesSince(soon), 10)); got != "" {
			t.Errorf("since the time of the last: %s", got)
		}
		if _, err := store.ParseChangeCursor("not-a-cursor"); peel.ErrorCode(err) != peel.EINVALID {
			t.Errorf("a bad cursor: %v", err)
		}
	})
}
