package web

import (
	"context"
	"net/http/httptest"
	"testing"

	"github.com/peel-oss/peel/internal/fixture"
	"github.com/peel-oss/peel/internal/peel"
)

func TestAPIUser(t *testing.T) {
	st := fixture.Store(t)
	ctx := context.Background()
	for _, email := range []string{"publisher@example.org", "gone@example.org"} {
		if err := st.CreateUser(ctx, &peel.User{Email: email, Role: peel.RolePublisher}); err != nil {
			t.Fatal(err)
		}
	}
	_, secret, err := st.CreateAPIToken(ctx, "publisher@example.org", "Sample script")
	if err != nil {
		t.Fatal(err)
	}
	revoked, revokedSecret, _ := st.CreateAPIToken(ctx, "publisher@example.org", "Old script")
	st.RevokeAPIToken(ctx, revoked.ID)
	_, goneSecret, _ := st.CreateAPIToken(ctx, "gone@example.org", "Script")
	st.DisableUser(ctx, "gone@example.org")

	s := &Server{Store: st}
	for _, tt := range []struct {
		name, header, want string
	}{
		{"OK", "Bearer " + secret, "publisher@example.org"},
		{"OKSchemeCase", "bearer " + secret, "publisher@example.org"},
		{"ErrNoHeader", "", ""},
		{"ErrBasic", "Basic " + secret, ""},
		{"ErrEmpty", "Bearer ", ""},
		{"ErrWrong", "Bearer " + secret + "x", ""},
		{"ErrRevoked", "Bearer " + revokedSecret, ""},
		{"ErrDisabledUser", "Bearer " + goneSecret, ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			r := httptest.NewRequest("POST", "/api/v1/assessments", nil)
			if tt.header != "" {
				r.Header.Set("Authorization", tt.header)
			}
			u, err := s.apiUser(r)
			if tt.want == "" {
				if peel.ErrorCode(err) != peel.EUNAUTHORIZED {
					t.Fatalf("apiUser = %+v, %v; want EUNAUTHORIZED", u, err)
				}
				return
			}
			if err != nil || u.Email != tt.want {
				t.Fatalf("apiUser = %+v, %v; want %s", u, err, tt.want)
			}
		})
	}
}
