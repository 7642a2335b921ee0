package store_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/peel-oss/peel/internal/fixture"
	"github.com/peel-oss/peel/internal/peel"
	"github.com/peel-oss/peel/internal/store"
)

const samplePassword = "sample password of some length"

// userStore is a sample store with a user of each kind who has a password.
func userStore(t *testing.T, b fixture.Backend) *store.Store {
	t.Helper()
	st := sampleStore(t, b)
	ctx := context.Background()
	for _, u := range []*peel.User{
		{Email: "Inspector@Example.org", Role: peel.RoleInspector},
		{Email: "liaison@example.org", Role: peel.RoleLiaison, Organisation: "sample-force"},
	} {
		if err := st.CreateUser(ctx, u); err != nil {
			t.Fatal(err)
		}
		if err := st.SetPassword(ctx, u.Email, samplePassword); err != nil {
			t.Fatal(err)
		}
	}
	return st
}

func TestUsers(t *testing.T) {
	eachBackend(t, func(t *testing.T, b fixture.Backend) {
		ctx := context.Background()
		st := userStore(t, b)
		t.Run("OK", func(t *testing.T) {
			list, err := st.FindUsers(ctx)
			if err != nil || len(list) != 2 {
				t.Fatalf("FindUsers = %d users, %v", len(list), err)
			}
			if u := list[0]; u.Email != "inspector@example.org" || u.Role != peel.RoleInspector || u.Organisation != "" || !u.HasPassword || u.Disabled || u.CreatedAt.IsZero() {
				t.Errorf("first user %+v", u)
			}
			if u := list[1]; u.Role != peel.RoleLiaison || u.Organisation != "sample-force" {
				t.Errorf("liaison %+v", u)
			}
			u, err := st.FindUserByEmail(ctx, " INSPECTOR@example.ORG")
			if err != nil || u.ID != list[0].ID {
				t.Errorf("FindUserByEmail in another case = %+v, %v", u, err)
			}
		})
		t.Run("ErrConflict", func(t *testing.T) {
			wantCode(t, st.CreateUser(ctx, &peel.User{Email: "INSPECTOR@example.org", Role: peel.RoleModerator}), peel.ECONFLICT)
		})
		t.Run("ErrInvalid", func(t *testing.T) {
			for _, u := range []*peel.User{
				{Email: "not an address", Role: peel.RoleInspector},
				{Email: "a@example.org", Role: "editor"},
				{Email: "a@example.org", Role: peel.RoleLiaison},
				{Email: "a@example.org", Role: peel.RolePublisher, Organisation: "sample-force"},
				{Email: "a@example.org", Role: peel.RoleLiaison, Organisation: "no-such-force"},
			} {
				wantCode(t, st.CreateUser(ctx, u), peel.EINVALID)
			}
			wantCode(t, st.SetPassword(ctx, "inspector@example.org", "short"), peel.EINVALID)
		})
		t.Run("ErrNotFound", func(t *testing.T) {
			_, err := st.FindUserByEmail(ctx, "nobody@example.org")
			wantCode(t, err, peel.ENOTFOUND)
			wantCode(t, st.DisableUser(ctx, "nobody@example.org"), peel.ENOTFOUND)
		})
	})
}

func TestSignIn(t *testing.T) {
	policy := store.SignInPolicy{SlowAfter: 2, Delay: time.Minute, LockAfter: 4, LockFor: time.Hour}
	eachBackend(t, func(t *testing.T, b fixture.Backend) {
		ctx := context.Background()
		st := userStore(t, b)
		t.Run("OK", func(t *testing.T) {
			u, err := st.SignIn(ctx, "Inspector@example.org", samplePassword, policy)
			if err != nil || u.Email != "inspector@example.org" {
				t.Fatalf("SignIn = %+v, %v", u, err)
			}
		})
		t.Run("ErrUnauthorized", func(t *testing.T) {
			_, err := st.SignIn(ctx, "liaison@example.org", "wrong password of some length", policy)
			wantCode(t, err, peel.EUNAUTHORIZED)
			_, err = st.SignIn(ctx, "nobody@example.org", samplePassword, policy)
			wantCode(t, err, peel.EUNAUTHORIZED)
			// A success starts the count again.
			if _, err := st.SignIn(ctx, "liaison@example.org", samplePassword, policy); err != nil {
				t.Fatal(err)
			}
		})
		t.Run("Locked", func(t *testing.T) {
			for _, email := range []string{"inspector@example.org", "stranger@example.org"} {
				var locked *peel.LockedError
				for i := 1; i <= policy.SlowAfter; i++ {
					_, err := st.SignIn(ctx, email, "wrong password of some length", policy)
					if i < policy.SlowAfter {
						wantCode(t, err, peel.EUNAUTHORIZED)
					} else if !errors.As(err, &locked) || time.Until(locked.Until) < 50*time.Second {
						t.Fatalf("failure %d for %s: %v, want a lock of a minute", i, email, err)
					}
				}
				// While locked, even the right password is refused.
				_, err := st.SignIn(ctx, email, samplePassword, policy)
				if !errors.As(err, &locked) {
					t.Fatalf("the right password while locked: %v", err)
				}
			}
		})
		t.Run("Disabled", func(t *testing.T) {
			token, _, err := st.CreateSession(ctx, mustUser(t, st, "liaison@example.org").ID, time.Hour)
			if err != nil {
				t.Fatal(err)
			}
			if err := st.DisableUser(ctx, "liaison@example.org"); err != nil {
				t.Fatal(err)
			}
			_, err = st.SignIn(ctx, "liaison@example.org", samplePassword, policy)
			wantCode(t, err, peel.EFORBIDDEN)
			_, err = st.FindSession(ctx, token)
			wantCode(t, err, peel.ENOTFOUND)
		})
	})
}

// TestSignInForget fails to sign in, then waits: after the policy's quiet
// spell the failures are forgotten, and no row of a made-up address is
// kept.
func TestSignInForget(t *testing.T) {
	policy := store.SignInPolicy{SlowAfter: 2, Delay: time.Minute, LockAfter: 4, LockFor: time.Hour, Forget: 24 * time.Hour}
	eachBackend(t, func(t *testing.T, b fixture.Backend) {
		st := userStore(t, b)
		ctx := context.Background()
		now := time.Date(2031, 5, 1, 9, 0, 0, 0, time.UTC)
		store.SetNow(st, func() time.Time { return now })
		fail := func(email string) error {
			_, err := st.SignIn(ctx, email, "wrong password of some length", policy)
			return err
		}
		rows := func() (n int) {
			t.Helper()
			if err := store.DB(st).QueryRow(`SELECT count(*) FROM sign_in_failures`).Scan(&n); err != nil {
				t.Fatal(err)
			}
			return n
		}
		wantCode(t, fail("inspector@example.org"), peel.EUNAUTHORIZED)
		wantCode(t, fail("made-up@example.org"), peel.EUNAUTHORIZED)
		if n := rows(); n != 2 {
			t.Fatalf("%d rows of failures, want 2", n)
		}
		now = now.Add(23 * time.Hour)
		var locked *peel.LockedError
		if err := fail("inspector@example.org"); !errors.As(err, &locked) {
			t.Fatalf("a second failure within the day: %v, want it slowed", err)
		}
		now = now.Add(24*time.Hour + time.Second)
		// A day since its last failure: this one is the first again.
		wantCode(t, fail("inspector@example.org"), peel.EUNAUTHORIZED)
		if n := rows(); n != 1 {
			t.Errorf("%d rows of failures after a day, want only the new one", n)
		}
	})
}

func TestSignInLockAfter(t *testing.T) {
	policy := store.SignInPolicy{SlowAfter: 10, Delay: time.Minute, LockAfter: 2, LockFor: time.Hour}
	eachBackend(t, func(t *testing.T, b fixture.Backend) {
		st := userStore(t, b)
		ctx := context.Background()
		st.SignIn(ctx, "inspector@example.org", "wrong password of some length", policy)
		_, err := st.SignIn(ctx, "inspector@example.org", "wrong password of some length", policy)
		var locked *peel.LockedError
		if !errors.As(err, &locked) || time.Until(locked.Until) < 59*time.Minute {
			t.Fatalf("second failure: %v, want a lock of an hour", err)
		}
	})
}

func mustUser(tb testing.TB, st *store.Store, email string) *peel.User {
	tb.Helper()
	u, err := st.FindUserByEmail(context.Background(), email)
	if err != nil {
		tb.Fatal(err)
	}
	return u
}

func TestSessions(t *testing.T) {
	eachBackend(t, func(t *testing.T, b fixture.Backend) {
		ctx := context.Background()
		st := userStore(t, b)
		u := mustUser(t, st, "inspector@example.org")
		token, sess, err := st.CreateSession(ctx, u.ID, time.Hour)
		if err != nil {
			t.Fatal(err)
		}
		got, err := st.FindSession(ctx, token)
		if err != nil || got.User.ID != u.ID || got.CSRF != sess.CSRF || got.CSRF == "" || got.ExpiresAt.Sub(sess.ExpiresAt).Abs() > time.Millisecond {
			t.Fatalf("FindSession = %+v, %v; want %+v", got, err, sess)
		}
		_, err = st.FindSession(ctx, token+"x")
		wantCode(t, err, peel.ENOTFOUND)
		expired, _, err := st.CreateSession(ctx, u.ID, -time.Second)
		if err != nil {
			t.Fatal(err)
		}
		_, err = st.FindSession(ctx, expired)
		wantCode(t, err, peel.ENOTFOUND)
		if err := st.DeleteSession(ctx, token); err != nil {
			t.Fatal(err)
		}
		_, err = st.FindSession(ctx, token)
		wantCode(t, err, peel.ENOTFOUND)
	})
}

func TestPasswordTokens(t *testing.T) {
	eachBackend(t, func(t *testing.T, b fixture.Backend) {
		ctx := context.Background()
		st := sampleStore(t, b)
		if err := st.CreateUser(ctx, &peel.User{Email: "new@example.org", Role: peel.RoleModerator}); err != nil {
			t.Fatal(err)
		}
		token, expires, err := st.CreatePasswordToken(ctx, "new@example.org", time.Hour)
		if err != nil || time.Until(expires) < 59*time.Minute {
			t.Fatalf("CreatePasswordToken: %v, expires %v", err, expires)
		}
		stale, _, _ := st.CreatePasswordToken(ctx, "new@example.org", -time.Second)
		_, err = st.FindPasswordToken(ctx, stale)
		wantCode(t, err, peel.ENOTFOUND)
		if u, err := st.FindPasswordToken(ctx, token); err != nil || u.Email != "new@example.org" || u.HasPassword {
			t.Fatalf("FindPasswordToken = %+v, %v", u, err)
		}
		_, err = st.UsePasswordToken(ctx, token, "short")
		wantCode(t, err, peel.EINVALID)
		if _, err := st.UsePasswordToken(ctx, token, samplePassword); err != nil {
			t.Fatal(err)
		}
		_, err = st.UsePasswordToken(ctx, token, samplePassword)
		wantCode(t, err, peel.ENOTFOUND) // once only
		if _, err := st.SignIn(ctx, "new@example.org", samplePassword, store.DefaultSignInPolicy); err != nil {
			t.Fatal(err)
		}
	})
}

func TestAPITokens(t *testing.T) {
	eachBackend(t, func(t *testing.T, b fixture.Backend) {
		ctx := context.Background()
		st := userStore(t, b)
		tok, secret, err := st.CreateAPIToken(ctx, "inspector@example.org", "Sample script")
		if err != nil || tok.ID == 0 || len(secret) < 40 {
			t.Fatalf("CreateAPIToken = %+v, %q, %v", tok, secret, err)
		}
		_, _, err = st.CreateAPIToken(ctx, "inspector@example.org", " ")
		wantCode(t, err, peel.EINVALID)
		_, _, err = st.CreateAPIToken(ctx, "nobody@example.org", "x")
		wantCode(t, err, peel.ENOTFOUND)
		if u, err := st.UserByAPIToken(ctx, secret); err != nil || u.Email != "inspector@example.org" {
			t.Fatalf("UserByAPIToken = %+v, %v", u, err)
		}
		_, err = st.UserByAPIToken(ctx, "peel_guess")
		wantCode(t, err, peel.EUNAUTHORIZED)
		list, err := st.FindAPITokens(ctx)
		if err != nil || len(list) != 1 || list[0].Name != "Sample script" || list[0].Email != "inspector@example.org" || list[0].RevokedAt != nil {
			t.Fatalf("FindAPITokens = %+v, %v", list, err)
		}
		if err := st.RevokeAPIToken(ctx, tok.ID); err != nil {
			t.Fatal(err)
		}
		wantCode(t, st.RevokeAPIToken(ctx, tok.ID+100), peel.ENOTFOUND)
		_, err = st.UserByAPIToken(ctx, secret)
		wantCode(t, err, peel.EUNAUTHORIZED)
		// A disabled user's tokens stop working too.
		_, other, _ := st.CreateAPIToken(ctx, "liaison@example.org", "Other")
		st.DisableUser(ctx, "liaison@example.org")
		_, err = st.UserByAPIToken(ctx, other)
		wantCode(t, err, peel.EUNAUTHORIZED)
	})
}
