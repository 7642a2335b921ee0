package store

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/base64"
	"encoding/hex"
	"time"

	"github.com/peel-oss/peel/internal/password"
	"github.com/peel-oss/peel/internal/peel"
)

// Accounts are not the public site's content: their writes go through
// accountTx, which leaves the site's generation alone so that a sign-in
// does not empty every server's page cache.
func (s *Store) accountTx(ctx context.Context, fn func(*tx) error) error {
	return s.transact(ctx, false, fn)
}

// newToken returns a random secret of 32 bytes, as text for a link, a
// cookie or a header.
func newToken() string {
	b := make([]byte, 32)
	rand.Read(b) // never fails: see crypto/rand
	return base64.RawURLEncoding.EncodeToString(b)
}

// hashToken is how a secret token is stored and looked up: its SHA-256.
// The tokens are random, so no salt or slow hash is needed.
func hashToken(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

const userColumns = `u.id, u.email, u.role, COALESCE(o.slug, ''), u.disabled, u.password_hash <> '', u.created_at`
const userFrom = ` FROM users u LEFT JOIN organisations o ON o.id = u.organisation_id `

func scanUser(scan func(...any) error) (*peel.User, error) {
	u := &peel.User{}
	var role string
	var created nullTime
	if err := scan(&u.ID, &u.Email, &role, &u.Organisation, &u.Disabled, &u.HasPassword, &created); err != nil {
		return nil, err
	}
	u.Role, u.CreatedAt = peel.Role(role), *created.t
	return u, nil
}

// CreateUser stores a new user, without a password, and sets its ID. An
// address in use, in any case, is ECONFLICT; an unknown organisation
// EINVALID.
func (s *Store) CreateUser(ctx context.Context, u *peel.User) error {
	u.Email = peel.NormalEmail(u.Email)
	if err := u.Validate(); err != nil {
		return err
	}
	err := s.accountTx(ctx, func(tx *tx) (err error) {
		var org any
		if u.Organisation != "" {
			var id int64
			err := tx.queryRow(ctx, `SELECT id FROM organisations WHERE slug = ?`, u.Organisation).Scan(&id)
			if err == sql.ErrNoRows {
				return peel.Errorf(peel.EINVALID, "no organisation %q (peel organisation list shows them)", u.Organisation)
			} else if err != nil {
				return err
			}
			org = id
		}
		u.CreatedAt = tx.now
		u.ID, err = tx.insert(ctx, `INSERT INTO users (email, role, organisation_id, created_at) VALUES (?, ?, ?, ?)`,
			u.Email, string(u.Role), org, formatTime(u.CreatedAt))
		if err != nil {
			return err
		}
		return tx.audit(ctx, "user.create", "user "+u.Email, nil, userState(u))
	})
	if peel.ErrorCode(err) == peel.ECONFLICT {
		return peel.Errorf(peel.ECONFLICT, "a user with the email address %s exists already", u.Email)
	}
	return err
}

// FindUserByEmail returns the user with the address, in any case.
func (s *Store) FindUserByEmail(ctx context.Context, email string) (*peel.User, error) {
	var u *peel.User
	err := s.readTx(ctx, func(tx *tx) error {
		var err error
		u, err = findUserByEmail(ctx, tx, email)
		return err
	})
	return u, err
}

func findUserByEmail(ctx context.Context, tx *tx, email string) (*peel.User, error) {
	u, err := scanUser(tx.queryRow(ctx, `SELECT `+userColumns+userFrom+`WHERE lower(u.email) = ?`, peel.NormalEmail(email)).Scan)
	if err == sql.ErrNoRows {
		return nil, peel.Errorf(peel.ENOTFOUND, "no user with the email address %s", peel.NormalEmail(email))
	}
	return u, err
}

// FindUsers returns every user, by email address.
func (s *Store) FindUsers(ctx context.Context) ([]*peel.User, error) {
	var list []*peel.User
	err := s.readTx(ctx, func(tx *tx) error {
		return scanRows(ctx, tx, func(scan func(...any) error) error {
			u, err := scanUser(scan)
			list = append(list, u)
			return err
		}, `SELECT `+userColumns+userFrom+`ORDER BY u.email`)
	})
	return list, err
}

// DisableUser stops a user signing in or using a token, and ends their
// sessions and unused links to set a password.
func (s *Store) DisableUser(ctx context.Context, email string) error {
	return s.accountTx(ctx, func(tx *tx) error {
		u, err := findUserByEmail(ctx, tx, email)
		if err != nil {
			return err
		}
		if _, err := tx.exec(ctx, `UPDATE users SET disabled = ? WHERE id = ?`, true, u.ID); err != nil {
			return err
		}
		if err := forgetSecrets(ctx, tx, u.ID); err != nil {
			return err
		}
		after := *u
		after.Disabled = true
		return tx.audit(ctx, "user.disable", "user "+u.Email, userState(u), userState(&after))
	})
}

// userState is what the audit log says of a user: never a secret.
func userState(u *peel.User) map[string]any {
	return map[string]any{"email": u.Email, "role": u.Role, "organisation": u.Organisation, "disabled": u.Disabled}
}

// SetPassword hashes and stores a user's password.
func (s *Store) SetPassword(ctx context.Context, email, pw string) error {
	if err := peel.ValidatePassword(pw); err != nil {
		return err
	}
	hash, err := password.Hash(pw)
	if err != nil {
		return err
	}
	return s.accountTx(ctx, func(tx *tx) error {
		u, err := findUserByEmail(ctx, tx, email)
		if err != nil {
			return err
		}
		if _, err = tx.exec(ctx, `UPDATE users SET password_hash = ? WHERE id = ?`, hash, u.ID); err != nil {
			return err
		}
		return tx.audit(ctx, "user.password", "user "+u.Email, nil, map[string]any{"password": "set"})
	})
}

// CreatePasswordToken returns a secret for a one-time link with which the
// user sets their password, valid for ttl.
func (s *Store) CreatePasswordToken(ctx context.Context, email string, ttl time.Duration) (token string, expires time.Time, err error) {
	token = newToken()
	err = s.accountTx(ctx, func(tx *tx) error {
		u, err := findUserByEmail(ctx, tx, email)
		if err != nil {
			return err
		}
		expires = tx.now.Add(ttl)
		_, err = tx.exec(ctx, `INSERT INTO password_tokens (token_hash, user_id, expires_at) VALUES (?, ?, ?)`, hashToken(token), u.ID, formatTime(expires))
		return err
	})
	return token, expires, err
}

// errBadLink is the answer to a link that was never made, has been used
// or has expired: which, it does not say.
var errBadLink = peel.Errorf(peel.ENOTFOUND, "this link to set a password has expired or has been used: ask an administrator for a new one")

// FindPasswordToken returns the user whose unexpired link to set a
// password has the token.
func (s *Store) FindPasswordToken(ctx context.Context, token string) (*peel.User, error) {
	var u *peel.User
	err := s.readTx(ctx, func(tx *tx) (err error) {
		u, err = findPasswordToken(ctx, tx, token)
		return err
	})
	return u, err
}

func findPasswordToken(ctx context.Context, tx *tx, token string) (*peel.User, error) {
	u, err := scanUser(tx.queryRow(ctx, `SELECT `+userColumns+userFrom+`JOIN password_tokens t ON t.user_id = u.id
		WHERE t.token_hash = ? AND t.expires_at > ? AND NOT u.disabled`, hashToken(token), formatTime(tx.now)).Scan)
	if err == sql.ErrNoRows {
		return nil, errBadLink
	}
	return u, err
}

// UsePasswordToken sets the password of the link's user and spends the
// link; it also ends the user's sessions, since whoever had the old
// password may have one.
func (s *Store) UsePasswordToken(ctx context.Context, token, pw string) (*peel.User, error) {
	if err := peel.ValidatePassword(pw); err != nil {
		return nil, err
	}
	hash, err := password.Hash(pw)
	if err != nil {
		return nil, err
	}
	var u *peel.User
	err = s.accountTx(ctx, func(tx *tx) (err error) {
		if u, err = findPasswordToken(ctx, tx, token); err != nil {
			return err
		}
		if _, err := tx.exec(ctx, `UPDATE users SET password_hash = ? WHERE id = ?`, hash, u.ID); err != nil {
			return err
		}
		u.HasPassword = true
		if err := forgetSecrets(ctx, tx, u.ID); err != nil {
			return err
		}
		return tx.audit(WithActor(ctx, u.Email), "user.password", "user "+u.Email, nil, map[string]any{"password": "set", "by": "one-time link"})
	})
	return u, err
}

// forgetSecrets ends a user's sessions and spends their links to set a
// password.
func forgetSecrets(ctx context.Context, tx *tx, userID int64) error {
	if _, err := tx.exec(ctx, `DELETE FROM sessions WHERE user_id = ?`, userID); err != nil {
		return err
	}
	_, err := tx.exec(ctx, `DELETE FROM password_tokens WHERE user_id = ?`, userID)
	return err
}
