package store

import (
	"context"
	"database/sql"
	"strconv"
	"strings"
	"time"

	"github.com/peel-oss/peel/internal/password"
	"github.com/peel-oss/peel/internal/peel"
)

// SignInPolicy is how failed sign-ins for one email address are slowed and
// then locked. After SlowAfter failures in a row, each further failure
// makes the next attempt wait, Delay at first and twice as long each time;
// after LockAfter failures the address is locked for LockFor. A sign-in
// that succeeds starts the count again, and so does a quiet spell: the
// failures of an address that has not failed for Forget are forgotten.
type SignInPolicy struct {
	SlowAfter int
	Delay     time.Duration
	LockAfter int
	LockFor   time.Duration
	Forget    time.Duration // 0: as long as LockFor
}

// DefaultSignInPolicy waits 2, 4 and 8 seconds after the third, fourth and
// fifth failures, locks for 15 minutes after the sixth, and forgets the
// failures after a day without one.
var DefaultSignInPolicy = SignInPolicy{SlowAfter: 3, Delay: 2 * time.Second, LockAfter: 6, LockFor: 15 * time.Minute, Forget: 24 * time.Hour}

// forgetBefore is the time before which failures are forgotten.
func (p SignInPolicy) forgetBefore(now time.Time) time.Time {
	return now.Add(-max(p.Forget, p.LockFor))
}

// lockUntil is when an address with the failures may try again; zero for
// at once.
func (p SignInPolicy) lockUntil(now time.Time, failures int) time.Time {
	switch {
	case failures >= p.LockAfter:
		return now.Add(p.LockFor)
	case failures >= p.SlowAfter:
		return now.Add(p.Delay << (failures - p.SlowAfter))
	}
	return time.Time{}
}

// errSignIn refuses a sign-in without saying whether the address exists.
var errSignIn = peel.Errorf(peel.EUNAUTHORIZED, "enter a correct email address and password")

// dummyHash is checked against when no user has the address, so that a
// wrong address takes as long as a wrong password.
var dummyHash, _ = password.Hash("no user has this password")

// SignIn checks an email address and password and returns the user. A
// wrong address or password is EUNAUTHORIZED; a disabled user, given the
// right password, EFORBIDDEN; an address locked by failures a
// *peel.LockedError, whatever the password.
func (s *Store) SignIn(ctx context.Context, email, pw string, policy SignInPolicy) (*peel.User, error) {
	email = peel.NormalEmail(email)
	var u *peel.User
	var signInErr error
	err := s.accountTx(ctx, func(tx *tx) error {
		// Failures long past are forgotten: this address's, and any
		// other's, so that the table keeps only the recent ones.
		if _, err := tx.exec(ctx, `DELETE FROM sign_in_failures WHERE failed_at < ? AND (locked_until IS NULL OR locked_until < ?)`,
			formatTime(policy.forgetBefore(tx.now)), formatTime(tx.now)); err != nil {
			return err
		}
		var failures int
		var locked nullTime
		err := tx.queryRow(ctx, `SELECT failures, locked_until FROM sign_in_failures WHERE email = ?`, email).Scan(&failures, &locked)
		if err != nil && err != sql.ErrNoRows {
			return err
		}
		if locked.t != nil && tx.now.Before(*locked.t) {
			signInErr = &peel.LockedError{Until: *locked.t}
			return nil
		}
		var hash string
		var disabled bool
		err = tx.queryRow(ctx, `SELECT password_hash, disabled FROM users WHERE lower(email) = ?`, email).Scan(&hash, &disabled)
		if err != nil && err != sql.ErrNoRows {
			return err
		}
		ok := false
		if hash != "" {
			if ok, err = password.Check(hash, pw); err != nil {
				return err
			}
		} else {
			password.Check(dummyHash, pw)
		}
		if !ok {
			failures++
			until := policy.lockUntil(tx.now, failures)
			_, err := tx.exec(ctx, `INSERT INTO sign_in_failures (email, failures, locked_until, failed_at) VALUES (?, ?, ?, ?)
				ON CONFLICT (email) DO UPDATE SET failures = excluded.failures, locked_until = excluded.locked_until, failed_at = excluded.failed_at`,
				email, failures, formatTimePtr(nonZero(until)), formatTime(tx.now))
			signInErr = errSignIn
			if !until.IsZero() {
				signInErr = &peel.LockedError{Until: until}
			}
			return err
		}
		if disabled {
			signInErr = peel.Errorf(peel.EFORBIDDEN, "this account has been disabled: ask an administrator if you still need it")
			return nil
		}
		if _, err := tx.exec(ctx, `DELETE FROM sign_in_failures WHERE email = ?`, email); err != nil {
			return err
		}
		u, err = findUserByEmail(ctx, tx, email)
		return err
	})
	if err != nil {
		return nil, err
	}
	return u, signInErr
}

func nonZero(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	return &t
}

// CreateSession starts a session for the user, lasting ttl, and returns
// the secret for its cookie. Only the secret's hash is stored.
func (s *Store) CreateSession(ctx context.Context, userID int64, ttl time.Duration) (token string, sess *peel.Session, err error) {
	token = newToken()
	sess = &peel.Session{CSRF: newToken()}
	err = s.accountTx(ctx, func(tx *tx) error {
		sess.ExpiresAt = tx.now.Add(ttl)
		// Expired sessions go as new ones come.
		if _, err := tx.exec(ctx, `DELETE FROM sessions WHERE expires_at <= ?`, formatTime(tx.now)); err != nil {
			return err
		}
		_, err := tx.exec(ctx, `INSERT INTO sessions (token_hash, user_id, csrf, created_at, expires_at) VALUES (?, ?, ?, ?, ?)`,
			hashToken(token), userID, sess.CSRF, formatTime(tx.now), formatTime(sess.ExpiresAt))
		return err
	})
	if err != nil {
		return "", nil, err
	}
	return token, sess, nil
}

// FindSession returns the unexpired session of an enabled user with the
// token, or ENOTFOUND.
func (s *Store) FindSession(ctx context.Context, token string) (*peel.Session, error) {
	sess := &peel.Session{}
	err := s.readTx(ctx, func(tx *tx) error {
		var expires nullTime
		var err error
		sess.User, err = scanUser(func(dest ...any) error {
			return tx.queryRow(ctx, `SELECT `+userColumns+`, s.csrf, s.expires_at`+userFrom+`JOIN sessions s ON s.user_id = u.id
				WHERE s.token_hash = ? AND s.expires_at > ? AND NOT u.disabled`, hashToken(token), formatTime(tx.now)).Scan(append(dest, &sess.CSRF, &expires)...)
		})
		if err == sql.ErrNoRows {
			return peel.Errorf(peel.ENOTFOUND, "no such session")
		} else if err != nil {
			return err
		}
		sess.ExpiresAt = *expires.t
		return nil
	})
	if err != nil {
		return nil, err
	}
	return sess, nil
}

// DeleteSession ends the session with the token, if there is one.
func (s *Store) DeleteSession(ctx context.Context, token string) error {
	return s.accountTx(ctx, func(tx *tx) error {
		_, err := tx.exec(ctx, `DELETE FROM sessions WHERE token_hash = ?`, hashToken(token))
		return err
	})
}

// apiTokenPrefix marks peel's API tokens, so that one found in a log or
// a repository is known for what it is.
const apiTokenPrefix = "peel_"

// CreateAPIToken makes a named API token for the user and returns its
// secret, which is not kept and cannot be shown again.
func (s *Store) CreateAPIToken(ctx context.Context, email, name string) (*peel.APIToken, string, error) {
	name = strings.TrimSpace(name)
	if name == "" {
		return nil, "", peel.Errorf(peel.EINVALID, "an API token needs a name, to tell it from others")
	}
	secret := apiTokenPrefix + newToken()
	t := &peel.APIToken{Name: name}
	err := s.accountTx(ctx, func(tx *tx) (err error) {
		u, err := findUserByEmail(ctx, tx, email)
		if err != nil {
			return err
		}
		t.Email, t.CreatedAt = u.Email, tx.now
		t.ID, err = tx.insert(ctx, `INSERT INTO api_tokens (user_id, name, token_hash, created_at) VALUES (?, ?, ?, ?)`,
			u.ID, name, hashToken(secret), formatTime(tx.now))
		if err != nil {
			return err
		}
		return tx.audit(ctx, "token.create", "token "+strconv.FormatInt(t.ID, 10), nil, map[string]any{"user": t.Email, "name": name})
	})
	if err != nil {
		return nil, "", err
	}
	return t, secret, nil
}

// FindAPITokens returns every API token, revoked or not, oldest first.
func (s *Store) FindAPITokens(ctx context.Context) ([]*peel.APIToken, error) {
	var list []*peel.APIToken
	err := s.readTx(ctx, func(tx *tx) error {
		return scanRows(ctx, tx, func(scan func(...any) error) error {
			t := &peel.APIToken{}
			var created, revoked nullTime
			if err := scan(&t.ID, &t.Email, &t.Name, &created, &revoked); err != nil {
				return err
			}
			t.CreatedAt, t.RevokedAt = *created.t, revoked.t
			list = append(list, t)
			return nil
		}, `SELECT t.id, u.email, t.name, t.created_at, t.revoked_at FROM api_tokens t JOIN users u ON u.id = t.user_id ORDER BY t.id`)
	})
	return list, err
}

// RevokeAPIToken stops the token working, or returns ENOTFOUND.
func (s *Store) RevokeAPIToken(ctx context.Context, id int64) error {
	return s.accountTx(ctx, func(tx *tx) error {
		var revoked nullTime
		if err := tx.queryRow(ctx, `SELECT revoked_at FROM api_tokens WHERE id = ?`, id).Scan(&revoked); err == sql.ErrNoRows {
			return peel.Errorf(peel.ENOTFOUND, "no API token %d (peel token list shows them)", id)
		} else if err != nil {
			return err
		}
		if revoked.t != nil {
			return nil
		}
		if _, err := tx.exec(ctx, `UPDATE api_tokens SET revoked_at = ? WHERE id = ?`, formatTime(tx.now), id); err != nil {
			return err
		}
		return tx.audit(ctx, "token.revoke", "token "+strconv.FormatInt(id, 10), map[string]any{"revoked": false}, map[string]any{"revoked": true})
	})
}

// UserByAPIToken returns the enabled user whose unrevoked API token has
// the secret, or EUNAUTHORIZED.
func (s *Store) UserByAPIToken(ctx context.Context, secret string) (*peel.User, error) {
	var u *peel.User
	err := s.readTx(ctx, func(tx *tx) (err error) {
		u, err = scanUser(tx.queryRow(ctx, `SELECT `+userColumns+userFrom+`JOIN api_tokens t ON t.user_id = u.id
			WHERE t.token_hash = ? AND t.revoked_at IS NULL AND NOT u.disabled`, hashToken(secret)).Scan)
		if err == sql.ErrNoRows {
			return peel.Errorf(peel.EUNAUTHORIZED, "the API token is not valid: it may have been revoked")
		}
		return err
	})
	return u, err
}
