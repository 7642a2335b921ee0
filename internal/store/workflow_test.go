package store_test

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/peel-oss/peel/internal/fixture"
	"github.com/peel-oss/peel/internal/peel"
	"github.com/peel-oss/peel/internal/store"
)

var (
	inspector  = &peel.User{ID: 1, Email: "inspector@example.org", Role: peel.RoleInspector}
	moderator  = &peel.User{ID: 2, Email: "moderator@example.org", Role: peel.RoleModerator}
	publisher  = &peel.User{ID: 3, Email: "publisher@example.org", Role: peel.RolePublisher}
	admin      = &peel.User{ID: 4, Email: "admin@example.org", Role: peel.RoleAdministrator}
	liaison    = &peel.User{ID: 5, Email: "liaison@example.org", Role: peel.RoleLiaison, Organisation: "sample-force"}
	otherForce = &peel.User{ID: 6, Email: "other@example.org", Role: peel.RoleLiaison, Organisation: "other-force"}
	everyone   = []*peel.User{inspector, moderator, publisher, admin, liaison, otherForce}
)

// draftIn stores the sample assessment as a draft and takes it, as the
// administrator, to the status.
func draftIn(tb testing.TB, st *store.Store, status peel.Status) {
	tb.Helper()
	a := sampleAssessment("sample-force")
	a.Status, a.PublishedAt = peel.StatusDraft, nil
	mustImport(tb, st, a, samplePillar())
	draftInExisting(tb, st, status)
}

// act takes the action on the sample assessment as the user.
func act(ctx context.Context, st *store.Store, u *peel.User, action peel.Action) error {
	const f, o, p = "sample-2030", "sample-force", "alpha"
	var err error
	switch action {
	case peel.ActionEdit, peel.ActionCorrect:
		var a *peel.Assessment
		if a, err = st.FindAssessment(ctx, f, o, p); err != nil {
			return err
		}
		a.Summary = append(a.Summary, "An added sentence.")
		if action == peel.ActionEdit {
			_, err = st.SaveDraft(ctx, u, a, a.Version)
		} else {
			_, err = st.Correct(ctx, u, a, a.Version, "Added a sentence.")
		}
	case peel.ActionSendCheck:
		_, err = st.SendToCheck(ctx, u, f, o, p)
	case peel.ActionRedraft:
		_, err = st.Redraft(ctx, u, f, o, p)
	case peel.ActionModerate:
		_, err = st.SendToModeration(ctx, u, f, o, p)
	case peel.ActionApprove:
		_, err = st.Approve(ctx, u, f, o, p)
	case peel.ActionReturn:
		_, err = st.Return(ctx, u, f, o, p, "Please check the grade of question 1.")
	case peel.ActionSchedule:
		_, err = st.Schedule(ctx, u, f, o, p, time.Date(2999, 1, 1, 9, 30, 0, 0, time.UTC))
	case peel.ActionPublish:
		_, err = st.Publish(ctx, u, f, o, p)
	case peel.ActionWithdraw:
		_, err = st.Withdraw(ctx, u, f, o, p, "Superseded by a revised assessment.")
	case peel.ActionComment:
		_, err = st.AddComment(ctx, u, f, o, p, "The force's figures for 2029 are wrong.")
	case peel.ActionReadDraft:
		_, err = st.ReadAssessment(ctx, u, f, o, p)
	}
	return err
}

// TestWorkflowRoles takes every action as every role from every status:
// what the workflow allows succeeds, the rest is refused, a role's with
// EFORBIDDEN (ENOTFOUND for reading) and a status's with ECONFLICT.
func TestWorkflowRoles(t *testing.T) {
	eachBackend(t, func(t *testing.T, b fixture.Backend) {
		for _, status := range peel.Statuses {
			t.Run(string(status), func(t *testing.T) {
				// The refusals share one store: a refusal changes nothing,
				// which is checked after each. A step taken gets a store of
				// its own.
				refusing := sampleStore(t, b)
				draftIn(t, refusing, status)
				ctx := context.Background()
				was, err := refusing.FindAssessment(ctx, "sample-2030", "sample-force", "alpha")
				if err != nil {
					t.Fatal(err)
				}
				taken := map[peel.Action]bool{}
				for _, step := range peel.Steps {
					if step.Action == peel.ActionCreate {
						continue // TestCreateAssessment
					}
					for _, u := range everyone {
						t.Run(string(step.Action)+"/"+u.Email, func(t *testing.T) {
							before := &peel.Assessment{Organisation: "sample-force", Framework: "sample-2030", Pillar: "alpha", Status: status}
							want := peel.Allow(u, step.Action, before)
							if step.Action == peel.ActionReadDraft && status.Public() {
								want = nil // a public page is for everyone
							}
							if want == nil && b.Name != "sqlite" && taken[step.Action] {
								// Who may take a step is decided before the
								// database is asked: SQLite's run shows each
								// role; here, each step's writes once.
								t.SkipNow()
							}
							taken[step.Action] = taken[step.Action] || want == nil
							st := refusing
							if want == nil {
								st = sampleStore(t, b)
								draftIn(t, st, status)
							}
							err := act(ctx, st, u, step.Action)
							a, _ := st.FindAssessment(ctx, "sample-2030", "sample-force", "alpha")
							switch {
							case want == nil && err != nil:
								t.Fatalf("refused: %v", err)
							case want != nil && err == nil:
								t.Fatalf("allowed; want %v", want)
							case want != nil:
								code := peel.ErrorCode(want)
								if step.Action == peel.ActionReadDraft {
									code = peel.ENOTFOUND
								}
								wantCode(t, err, code)
								if a.Status != was.Status || a.Version != was.Version || !a.SameContent(was) {
									t.Fatalf("a refused %s changed the assessment: %s v%d, was %s v%d", step.Action, a.Status, a.Version, was.Status, was.Version)
								}
							case step.To != "" && a.Status != step.To:
								t.Fatalf("status %s after %s, want %s", a.Status, step.Action, step.To)
							}
						})
					}
				}
			})
		}
	})
}

// TestCreateAssessment starts a draft as every role: the framework's
// questions come with it, ungraded and without narrative, and the audit log
// names its author. One that exists, or names what does not, is refused.
func TestCreateAssessment(t *testing.T) {
	eachBackend(t, func(t *testing.T, b fixture.Backend) {
		ctx := context.Background()
		for _, u := range everyone {
			t.Run(u.Email, func(t *testing.T) {
				st := sampleStore(t, b)
				want := peel.Allow(u, peel.ActionCreate, &peel.Assessment{Organisation: "other-force"})
				a, err := st.CreateAssessment(ctx, u, "sample-2030", "other-force", "alpha")
				if want != nil {
					wantCode(t, err, peel.EFORBIDDEN)
					return
				}
				if err != nil {
					t.Fatal(err)
				}
				stored, err := st.FindAssessment(ctx, "sample-2030", "other-force", "alpha")
				if err != nil {
					t.Fatal(err)
				}
				if stored.Status != peel.StatusDraft || stored.Version != 1 || a.Version != 1 {
					t.Errorf("created %s v%d, want a draft at version 1", stored.Status, stored.Version)
				}
				if stored.Headline != "How well does the force do alpha things?" || len(stored.Judgments) != 2 ||
					stored.Judgments[1].Question != "How well does the force review alpha things?" || stored.Judgments[0].Grade != "" {
					t.Errorf("created %+v, want the framework's headline and two ungraded questions", stored)
				}
				log, err := st.FindAudit(ctx, store.AuditFilter{Subject: stored.Path()})
				if err != nil {
					t.Fatal(err)
				}
				if len(log) != 1 || log[0].Action != "assessment.create" || log[0].Actor != u.Email {
					t.Errorf("audit %+v, want one assessment.create by %s", log, u.Email)
				}
			})
		}
		st := sampleStore(t, b)
		for _, tt := range []struct {
			name, framework, organisation, pillar, code string
		}{
			{"ErrExists", "sample-2030", "sample-force", "alpha", peel.ECONFLICT},
			{"ErrNoOrganisation", "sample-2030", "no-such-force", "alpha", peel.ENOTFOUND},
			{"ErrNoFramework", "no-such-cycle", "sample-force", "alpha", peel.ENOTFOUND},
			{"ErrNoPillar", "sample-2030", "sample-force", "gamma", peel.EINVALID},
		} {
			t.Run(tt.name, func(t *testing.T) {
				if tt.name == "ErrExists" {
					a := sampleAssessment("sample-force")
					a.Status, a.PublishedAt = peel.StatusDraft, nil
					mustImport(t, st, a, samplePillar())
				}
				_, err := st.CreateAssessment(ctx, inspector, tt.framework, tt.organisation, tt.pillar)
				wantCode(t, err, tt.code)
			})
		}
	})
}

// TestWorkflowTable checks the table itself against the product's rules.
func TestWorkflowTable(t *testing.T) {
	a := &peel.Assessment{Organisation: "sample-force", Framework: "f", Pillar: "p"}
	for _, tt := range []struct {
		u      *peel.User
		action peel.Action
		status peel.Status
		code   string
	}{
		{inspector, peel.ActionSendCheck, peel.StatusDraft, ""},
		{moderator, peel.ActionSendCheck, peel.StatusDraft, peel.EFORBIDDEN},
		{liaison, peel.ActionComment, peel.StatusCheck, ""},
		{liaison, peel.ActionComment, peel.StatusDraft, peel.EFORBIDDEN},
		{otherForce, peel.ActionComment, peel.StatusCheck, peel.EFORBIDDEN},
		{otherForce, peel.ActionReadDraft, peel.StatusCheck, peel.EFORBIDDEN},
		{liaison, peel.ActionEdit, peel.StatusCheck, peel.EFORBIDDEN},
		{moderator, peel.ActionApprove, peel.StatusModeration, ""},
		{moderator, peel.ActionApprove, peel.StatusDraft, peel.ECONFLICT},
		{inspector, peel.ActionApprove, peel.StatusModeration, peel.EFORBIDDEN},
		{publisher, peel.ActionSchedule, peel.StatusApproved, ""},
		{publisher, peel.ActionSchedule, peel.StatusModeration, peel.ECONFLICT},
		{publisher, peel.ActionWithdraw, peel.StatusPublished, ""},
		{inspector, peel.ActionWithdraw, peel.StatusPublished, peel.EFORBIDDEN},
		{admin, peel.ActionPublish, peel.StatusApproved, ""},
	} {
		a.Status = tt.status
		if got := peel.ErrorCode(peel.Allow(tt.u, tt.action, a)); got != tt.code {
			t.Errorf("%s %s from %s: code %q, want %q", tt.u.Role, tt.action, tt.status, got, tt.code)
		}
	}
}

// TestSaveDraftStale saves one draft twice at once on the same version: one
// save wins, the other is refused with the stored assessment, and nothing
// either wrote is lost.
func TestSaveDraftStale(t *testing.T) {
	eachBackend(t, func(t *testing.T, b fixture.Backend) {
		st := sampleStore(t, b)
		draftIn(t, st, peel.StatusDraft)
		ctx := context.Background()
		read, err := st.ReadAssessment(ctx, inspector, "sample-2030", "sample-force", "alpha")
		if err != nil {
			t.Fatal(err)
		}
		texts := []string{"First editor's sentence.", "Second editor's sentence."}
		errs := make([]error, 2)
		got := make([]*peel.Assessment, 2)
		var wg sync.WaitGroup
		for i, text := range texts {
			wg.Go(func() {
				a := *read
				a.Summary = append([]string{}, read.Summary...)
				a.Summary = append(a.Summary, text)
				got[i], errs[i] = st.SaveDraft(ctx, inspector, &a, read.Version)
			})
		}
		wg.Wait()
		won, lost := 0, 1
		if errs[0] != nil {
			won, lost = 1, 0
		}
		if errs[won] != nil {
			t.Fatalf("neither save succeeded: %v, %v", errs[0], errs[1])
		}
		wantCode(t, errs[lost], peel.ECONFLICT)
		var ce *store.ConflictError
		if !errors.As(errs[lost], &ce) {
			t.Fatalf("the refusal %v is not a ConflictError", errs[lost])
		}
		if cur := got[lost]; cur == nil || cur.Version != read.Version+1 || cur.Summary[len(cur.Summary)-1] != texts[won] {
			t.Fatalf("the refused save was given %+v, want the winner's version %d", cur, read.Version+1)
		}
		stored, _ := st.ReadAssessment(ctx, inspector, "sample-2030", "sample-force", "alpha")
		if stored.Summary[len(stored.Summary)-1] != texts[won] || stored.Version != read.Version+1 {
			t.Fatalf("stored %q at version %d", stored.Summary, stored.Version)
		}
		// Saved again on the version it was told of, the loser's text goes in.
		again := *got[lost]
		again.Summary = append(append([]string{}, again.Summary...), texts[lost])
		if _, err := st.SaveDraft(ctx, inspector, &again, got[lost].Version); err != nil {
			t.Fatal(err)
		}
	})
}

// TestCorrection: a minor correction keeps "Last updated" and needs no
// note; a major one moves it and its note is in the page history.
func TestCorrection(t *testing.T) {
	eachBackend(t, func(t *testing.T, b fixture.Backend) {
		st := sampleStore(t, b)
		draftIn(t, st, peel.StatusPublished)
		ctx := context.Background()
		a, _ := st.ReadAssessment(ctx, publisher, "sample-2030", "sample-force", "alpha")
		lastUpdated := a.LastUpdated
		a.Summary[0] = "Sample Force is good at sample things, as it was."
		minor, err := st.Correct(ctx, publisher, a, a.Version, "")
		if err != nil {
			t.Fatal(err)
		}
		if minor.LastUpdated != lastUpdated {
			t.Errorf("a minor correction moved Last updated to %s", minor.LastUpdated)
		}
		minor.Summary[1] = "It now plans its sample work further ahead."
		major, err := st.Correct(ctx, publisher, minor, minor.Version, "Corrected the second paragraph.")
		if err != nil {
			t.Fatal(err)
		}
		if major.LastUpdated == lastUpdated {
			t.Error("a major correction kept Last updated")
		}
		versions, err := st.FindVersions(ctx, "sample-2030", "sample-force", "alpha")
		if err != nil {
			t.Fatal(err)
		}
		if versions[0].Number != major.Version || versions[0].Note != "Corrected the second paragraph." || versions[1].Note != "" {
			t.Errorf("the page history's newest is version %d with note %q, then %q", versions[0].Number, versions[0].Note, versions[1].Note)
		}
		if _, err := st.Correct(ctx, publisher, minor, minor.Version, "A stale correction."); peel.ErrorCode(err) != peel.ECONFLICT {
			t.Errorf("a correction on a stale version: %v, want ECONFLICT", err)
		}
		audit, _ := st.FindAudit(ctx, store.AuditFilter{Subject: a.Path()})
		if audit[0].Actor != publisher.Email {
			t.Errorf("the audit log names %q for the correction, want %q", audit[0].Actor, publisher.Email)
		}
	})
}

// TestEmbargo puts unique text in an assessment in each status the public
// may not see and looks for it wherever the public reads.
func TestEmbargo(t *testing.T) {
	eachBackend(t, func(t *testing.T, b fixture.Backend) {
		for _, status := range []peel.Status{peel.StatusDraft, peel.StatusCheck, peel.StatusModeration, peel.StatusApproved, peel.StatusScheduled} {
			t.Run(string(status), func(t *testing.T) {
				st := sampleStore(t, b)
				ctx := context.Background()
				a := sampleAssessment("sample-force")
				a.Status, a.PublishedAt = peel.StatusDraft, nil
				a.Summary = append(a.Summary, "Zyxwvutsrq embargoed sentence.")
				mustImport(t, st, a, samplePillar())
				draftInExisting(t, st, status)
				if list, _ := st.FindAssessments(ctx, store.AssessmentFilter{Public: true}); len(list) != 0 {
					t.Errorf("FindAssessments{Public} lists %d", len(list))
				}
				if res, n, _ := st.Search(ctx, store.SearchFilter{Query: "Zyxwvutsrq"}); n != 0 || len(res) != 0 {
					t.Errorf("search finds it %d times", n)
				}
				rows := 0
				st.EachJudgment(ctx, store.PublicFilter{}, func(*store.JudgmentRow) error { rows++; return nil })
				if rows != 0 {
					t.Errorf("the downloads have %d rows", rows)
				}
				if changes, _ := st.FindChanges(ctx, store.ChangesAfter{}, 100); len(changes) != 0 {
					t.Errorf("the change feed lists %d", len(changes))
				}
				if _, err := st.FindVersions(ctx, "sample-2030", "sample-force", "alpha"); peel.ErrorCode(err) != peel.ENOTFOUND {
					t.Errorf("page history: %v, want ENOTFOUND", err)
				}
			})
		}
	})
}

func draftInExisting(tb testing.TB, st *store.Store, status peel.Status) {
	tb.Helper()
	ctx := context.Background()
	var path []peel.Action
	switch status {
	case peel.StatusCheck:
		path = []peel.Action{peel.ActionSendCheck}
	case peel.StatusModeration:
		path = []peel.Action{peel.ActionModerate}
	case peel.StatusApproved:
		path = []peel.Action{peel.ActionModerate, peel.ActionApprove}
	case peel.StatusScheduled:
		path = []peel.Action{peel.ActionModerate, peel.ActionApprove, peel.ActionSchedule}
	case peel.StatusPublished:
		path = []peel.Action{peel.ActionModerate, peel.ActionApprove, peel.ActionPublish}
	case peel.StatusWithdrawn:
		path = []peel.Action{peel.ActionModerate, peel.ActionApprove, peel.ActionPublish, peel.ActionWithdraw}
	}
	for _, action := range path {
		if err := act(ctx, st, admin, action); err != nil {
			tb.Fatalf("%s: %v", action, err)
		}
	}
}
