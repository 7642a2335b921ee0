package store_test

import (
	"context"
	"slices"
	"testing"

	"github.com/peel-oss/peel/internal/fixture"
	"github.com/peel-oss/peel/internal/peel"
	"github.com/peel-oss/peel/internal/store"
)

// TestAssign assigns an assessment to staff and to no one, lists the
// editor's work by assignee, and refuses liaisons as either side.
func TestAssign(t *testing.T) {
	eachBackend(t, func(t *testing.T, b fixture.Backend) {
		ctx := context.Background()
		st := sampleStore(t, b)
		draftIn(t, st, peel.StatusDraft)
		other := sampleAssessment("other-force")
		other.Status, other.PublishedAt = peel.StatusDraft, nil
		mustImport(t, st, other, samplePillar())
		for _, u := range []*peel.User{
			{Email: "inspector@example.org", Role: peel.RoleInspector},
			{Email: "moderator@example.org", Role: peel.RoleModerator},
			{Email: "liaison@example.org", Role: peel.RoleLiaison, Organisation: "sample-force"},
			{Email: "gone@example.org", Role: peel.RoleInspector},
		} {
			if err := st.CreateUser(ctx, u); err != nil {
				t.Fatal(err)
			}
		}
		if err := st.DisableUser(ctx, "gone@example.org"); err != nil {
			t.Fatal(err)
		}
		assignee := func(org string) string {
			t.Helper()
			email, err := st.Assignee(ctx, "sample-2030", org, "alpha")
			if err != nil {
				t.Fatal(err)
			}
			return email
		}
		work := func(filter store.WorkFilter) []string {
			t.Helper()
			list, _, err := st.FindWork(ctx, admin, filter)
			if err != nil {
				t.Fatal(err)
			}
			var out []string
			for _, w := range list {
				out = append(out, w.Organisation+":"+w.Assignee)
			}
			slices.Sort(out)
			return out
		}

		t.Run("OK", func(t *testing.T) {
			if err := st.Assign(ctx, moderator, "sample-2030", "sample-force", "alpha", "Inspector@example.org"); err != nil {
				t.Fatal(err)
			}
			if got := assignee("sample-force"); got != "inspector@example.org" {
				t.Fatalf("assigned to %q", got)
			}
			for _, tt := range []struct {
				filter string
				want   []string
			}{
				{"", []string{"other-force:", "sample-force:inspector@example.org"}},
				{"inspector@example.org", []string{"sample-force:inspector@example.org"}},
				{store.NoAssignee, []string{"other-force:"}},
				{"moderator@example.org", nil},
			} {
				if got := work(store.WorkFilter{Assignee: tt.filter}); !slices.Equal(got, tt.want) {
					t.Errorf("assignee %q: %v, want %v", tt.filter, got, tt.want)
				}
			}
			entries, err := st.FindAudit(ctx, store.AuditFilter{Subject: "/peel-assessments/sample-2030/sample-force/alpha"})
			if err != nil {
				t.Fatal(err)
			}
			if len(entries) == 0 || entries[0].Action != "assessment.assign" || entries[0].Actor != moderator.Email ||
				entries[0].Before != `{"assignee":null}` || entries[0].After != `{"assignee":"inspector@example.org"}` {
				t.Fatalf("audit: %+v", entries[0])
			}
			if err := st.Assign(ctx, admin, "sample-2030", "sample-force", "alpha", ""); err != nil {
				t.Fatal(err)
			}
			if got := assignee("sample-force"); got != "" {
				t.Fatalf("unassigned, yet assigned to %q", got)
			}
		})

		t.Run("ErrRefused", func(t *testing.T) {
			for _, tt := range []struct {
				name  string
				by    *peel.User
				org   string
				email string
				code  string
			}{
				{"SignedOut", nil, "sample-force", "inspector@example.org", peel.EFORBIDDEN},
				{"Liaison", liaison, "sample-force", "inspector@example.org", peel.EFORBIDDEN},
				{"ToLiaison", admin, "sample-force", "liaison@example.org", peel.EINVALID},
				{"ToDisabled", admin, "sample-force", "gone@example.org", peel.EINVALID},
				{"ToNoOne", admin, "sample-force", "nobody@example.org", peel.EINVALID},
				{"NoAssessment", admin, "no-force", "inspector@example.org", peel.ENOTFOUND},
			} {
				t.Run(tt.name, func(t *testing.T) {
					wantCode(t, st.Assign(ctx, tt.by, "sample-2030", tt.org, "alpha", tt.email), tt.code)
					if got := assignee("sample-force"); got != "" {
						t.Fatalf("assigned to %q", got)
					}
				})
			}
		})

		t.Run("ErrPublished", func(t *testing.T) {
			for _, step := range []func() (*peel.Assessment, error){
				func() (*peel.Assessment, error) {
					return st.SendToModeration(ctx, admin, "sample-2030", "other-force", "alpha")
				},
				func() (*peel.Assessment, error) { return st.Approve(ctx, admin, "sample-2030", "other-force", "alpha") },
				func() (*peel.Assessment, error) { return st.Publish(ctx, admin, "sample-2030", "other-force", "alpha") },
			} {
				if _, err := step(); err != nil {
					t.Fatal(err)
				}
			}
			wantCode(t, st.Assign(ctx, admin, "sample-2030", "other-force", "alpha", "inspector@example.org"), peel.ECONFLICT)
		})
	})
}
