package store_test

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/peel-oss/peel/internal/fixture"
	"github.com/peel-oss/peel/internal/peel"
	"github.com/peel-oss/peel/internal/store"
)

func TestAudit(t *testing.T) {
	t.Parallel()
	eachBackend(t, func(t *testing.T, b fixture.Backend) {
		ctx := store.WithActor(context.Background(), "sample operator")
		st := sampleStore(t, b)
		path := "/peel-assessments/sample-2030/sample-force/alpha"

		draft := sampleAssessment("sample-force")
		draft.Status, draft.PublishedAt = peel.StatusDraft, nil
		if _, err := st.ImportAssessment(ctx, draft, samplePillar()); err != nil {
			t.Fatal(err)
		}
		later := time.Now().Add(time.Hour)
		if _, err := st.PublishAssessment(ctx, "sample-2030", "sample-force", "alpha", &later); err != nil {
			t.Fatal(err)
		}
		if _, err := st.PublishAssessment(store.WithActor(context.Background(), "sample publisher"), "sample-2030", "sample-force", "alpha", nil); err != nil {
			t.Fatal(err)
		}
		n := &peel.Notice{Title: "Sample notice", Body: "Sample text."}
		if err := st.CreateNotice(ctx, n); err != nil {
			t.Fatal(err)
		}
		if err := st.DeleteNotice(ctx, n.ID); err != nil {
			t.Fatal(err)
		}

		entries, err := st.FindAudit(ctx, store.AuditFilter{Subject: path})
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, e := range entries {
			got = append(got, e.Actor+" "+e.Action+" "+e.Before+" → "+e.After)
		}
		want := []string{
			`sample publisher assessment.publish {"version":1,"status":"draft","grade":"fair"} → {"version":2,"status":"published","grade":"fair"}`,
			`sample operator assessment.schedule {"publishAt":null,"status":"draft"} → {"publishAt":"` + later.UTC().Truncate(time.Millisecond).Format("2006-01-02T15:04:05.999Z07:00") + `","status":"scheduled"}`,
			`sample operator assessment.create  → {"version":1,"status":"draft","grade":"fair"}`,
		}
		if strings.Join(got, "\n") != strings.Join(want, "\n") {
			t.Errorf("the audit log of %s, newest first:\n%s\nwant:\n%s", path, strings.Join(got, "\n"), strings.Join(want, "\n"))
		}
		notices, err := st.FindAudit(ctx, store.AuditFilter{Subject: "notice " + strconv.FormatInt(n.ID, 10)})
		if err != nil {
			t.Fatal(err)
		}
		if len(notices) != 2 || notices[0].Action != "notice.remove" || notices[0].After != "" || !strings.Contains(notices[0].Before, "Sample notice") ||
			notices[1].Action != "notice.create" || notices[1].Before != "" {
			t.Errorf("the notice's entries are not its creation and removal: %+v", notices)
		}

		// By actor, and a page at a time, newest first.
		for _, tt := range []struct {
			filter store.AuditFilter
			want   []string // actions
			total  int
		}{
			{store.AuditFilter{Actor: "sample publisher"}, []string{"assessment.publish"}, 1},
			{store.AuditFilter{Actor: "sample operator", Subject: path, Limit: 1, Offset: 1}, []string{"assessment.create"}, 2},
			{store.AuditFilter{Actor: "nobody"}, nil, 0},
		} {
			page, err := st.FindAudit(ctx, tt.filter)
			if err != nil {
				t.Fatal(err)
			}
			var actions []string
			for _, e := range page {
				actions = append(actions, e.Action)
			}
			total, err := st.CountAudit(ctx, tt.filter)
			if err != nil {
				t.Fatal(err)
			}
			if strings.Join(actions, " ") != strings.Join(tt.want, " ") || total != tt.total {
				t.Errorf("%+v: %v of %d, want %v of %d", tt.filter, actions, total, tt.want, tt.total)
			}
		}

		// Nothing rewrites it.
		db := store.DB(st)
		for _, q := range []string{`UPDATE audit_log SET actor = 'someone else'`, `DELETE FROM audit_log`} {
			if _, err := db.ExecContext(ctx, q); err == nil || !strings.Contains(err.Error(), "append-only") {
				t.Errorf("%s: error %v, want a refusal saying the log is append-only", q, err)
			}
		}
		if after, err := st.FindAudit(ctx, store.AuditFilter{}); err != nil || len(after) < 5 || after[0].Actor == "someone else" {
			t.Errorf("the audit log changed: %d entries (error %v)", len(after), err)
		}
	})
}

func TestAuditUsers(t *testing.T) {
	t.Parallel()
	eachBackend(t, func(t *testing.T, b fixture.Backend) {
		ctx := store.WithActor(context.Background(), "sample administrator")
		st := b.Open(t)
		u := &peel.User{Email: "Sample.Inspector@example.org", Role: peel.RoleInspector}
		if err := st.CreateUser(ctx, u); err != nil {
			t.Fatal(err)
		}
		if err := st.SetPassword(ctx, u.Email, "a sample passphrase"); err != nil {
			t.Fatal(err)
		}
		tok, secret, err := st.CreateAPIToken(ctx, u.Email, "sample token")
		if err != nil {
			t.Fatal(err)
		}
		if err := st.RevokeAPIToken(ctx, tok.ID); err != nil {
			t.Fatal(err)
		}
		if err := st.DisableUser(ctx, u.Email); err != nil {
			t.Fatal(err)
		}
		all, err := st.FindAudit(ctx, store.AuditFilter{})
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, e := range all {
			if strings.Contains(e.Before+e.After, "a sample passphrase") || strings.Contains(e.Before+e.After, secret) {
				t.Errorf("the audit log holds a secret: %+v", e)
			}
			if strings.HasPrefix(e.Action, "user.") || strings.HasPrefix(e.Action, "token.") {
				got = append(got, e.Actor+" "+e.Action+" "+e.Subject)
			}
		}
		want := []string{
			"sample administrator user.disable user sample.inspector@example.org",
			"sample administrator token.revoke token " + strconv.FormatInt(tok.ID, 10),
			"sample administrator token.create token " + strconv.FormatInt(tok.ID, 10),
			"sample administrator user.password user sample.inspector@example.org",
			"sample administrator user.create user sample.inspector@example.org",
		}
		if strings.Join(got, "\n") != strings.Join(want, "\n") {
			t.Errorf("the audit log of the user, newest first:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
		}
	})
}
