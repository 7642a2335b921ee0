package peel

import (
	"net/mail"
	"strings"
	"time"
	"unicode/utf8"
)

// Role is what a user may do in the editor.
type Role string

// Roles. A liaison speaks for one organisation; the others for none.
const (
	RoleAdministrator Role = "administrator"
	RoleInspector     Role = "inspector"
	RoleModerator     Role = "moderator"
	RolePublisher     Role = "publisher"
	RoleLiaison       Role = "liaison"
)

// Roles lists every role, in the order they are offered.
var Roles = []Role{RoleAdministrator, RoleInspector, RoleModerator, RolePublisher, RoleLiaison}

// ParseRole returns the role with the name, or EINVALID naming the roles.
func ParseRole(name string) (Role, error) {
	for _, r := range Roles {
		if string(r) == name {
			return r, nil
		}
	}
	names := make([]string, len(Roles))
	for i, r := range Roles {
		names[i] = string(r)
	}
	return "", Errorf(EINVALID, "%q is not a role: use one of %s", name, strings.Join(names, ", "))
}

// User is someone who may sign in to the editor.
type User struct {
	ID           int64
	Email        string // stored lower case: an address is one user however it is typed
	Role         Role
	Organisation string // the liaison's organisation's slug; empty for other roles
	Disabled     bool
	HasPassword  bool
	CreatedAt    time.Time
}

// NormalEmail is an email address as it is stored and looked up.
func NormalEmail(email string) string { return strings.ToLower(strings.TrimSpace(email)) }

// Validate checks the user's address, role and organisation agree.
func (u *User) Validate() error {
	if u.Email == "" {
		return Errorf(EINVALID, "a user needs an email address")
	}
	if a, err := mail.ParseAddress(u.Email); err != nil || a.Address != u.Email || a.Name != "" {
		return Errorf(EINVALID, "%q is not an email address such as name@example.org", u.Email)
	}
	if _, err := ParseRole(string(u.Role)); err != nil {
		return err
	}
	switch {
	case u.Role == RoleLiaison && u.Organisation == "":
		return Errorf(EINVALID, "a liaison speaks for one organisation: give its slug")
	case u.Role != RoleLiaison && u.Organisation != "":
		return Errorf(EINVALID, "only a liaison belongs to an organisation, not a user with the role %s", u.Role)
	}
	return nil
}

// APIToken is a named secret with which a program acts as a user through
// the JSON API. Only a hash of the secret is kept; it is shown once.
type APIToken struct {
	ID        int64
	Email     string // the user it acts as
	Name      string
	CreatedAt time.Time
	RevokedAt *time.Time
}

// Session is a signed-in browser: the user, and the token that its forms
// carry against cross-site request forgery.
type Session struct {
	User      *User
	CSRF      string
	ExpiresAt time.Time
}

// LockedError refuses a sign-in after too many failures, until a time.
// Its code is EFORBIDDEN.
type LockedError struct{ Until time.Time }

func (e *LockedError) Error() string { return e.Unwrap().Error() }

func (e *LockedError) Unwrap() error {
	return Errorf(EFORBIDDEN, "too many failed attempts to sign in: try again after %s", e.Until.UTC().Format(time.RFC3339))
}

// Password lengths, in characters: long enough to resist guessing without
// rules about what it must contain, as the NCSC advises.
const (
	MinPasswordLength = 12
	MaxPasswordLength = 256
)

// ValidatePassword checks a new password's length.
func ValidatePassword(pw string) error {
	switch n := utf8.RuneCountInString(pw); {
	case n < MinPasswordLength:
		return Errorf(EINVALID, "a password must be %d characters or more", MinPasswordLength)
	case n > MaxPasswordLength:
		return Errorf(EINVALID, "a password must be %d characters or fewer", MaxPasswordLength)
	}
	return nil
}
