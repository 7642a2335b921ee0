package peel

import (
	"strings"
	"time"
)

// Notice is a site-wide banner, such as planned downtime, shown while now is
// within its display window. A missing bound is open. A notice may also
// give a maintenance window, with both bounds: while now is within it the
// editor is read-only, and the public site reads on as before.
type Notice struct {
	ID               int64      `json:"id"`
	Title            string     `json:"title"`
	Body             string     `json:"body"`
	From             *time.Time `json:"from"`
	Until            *time.Time `json:"until"`
	MaintenanceFrom  *time.Time `json:"maintenanceFrom,omitempty"`
	MaintenanceUntil *time.Time `json:"maintenanceUntil,omitempty"`
	CreatedAt        time.Time  `json:"createdAt"`
}

// ActiveAt reports whether the notice shows at t.
func (n *Notice) ActiveAt(t time.Time) bool {
	return (n.From == nil || !t.Before(*n.From)) && (n.Until == nil || t.Before(*n.Until))
}

// MaintenanceAt reports whether t is within the notice's maintenance window.
func (n *Notice) MaintenanceAt(t time.Time) bool {
	return n.MaintenanceFrom != nil && n.MaintenanceUntil != nil && !t.Before(*n.MaintenanceFrom) && t.Before(*n.MaintenanceUntil)
}

// Validate checks the notice has words and windows that can be open.
func (n *Notice) Validate() error {
	switch {
	case strings.TrimSpace(n.Title) == "":
		return Errorf(EINVALID, "a notice needs a title")
	case strings.TrimSpace(n.Body) == "":
		return Errorf(EINVALID, "a notice needs a body")
	case n.From != nil && n.Until != nil && !n.Until.After(*n.From):
		return Errorf(EINVALID, "a notice's until (%s) must be after its from (%s)", n.Until.Format(time.RFC3339), n.From.Format(time.RFC3339))
	case (n.MaintenanceFrom == nil) != (n.MaintenanceUntil == nil):
		return Errorf(EINVALID, "a maintenance window needs both its from and its until: the editor is read-only between them")
	case n.MaintenanceFrom != nil && !n.MaintenanceUntil.After(*n.MaintenanceFrom):
		return Errorf(EINVALID, "a notice's maintenance until (%s) must be after its maintenance from (%s)",
			n.MaintenanceUntil.Format(time.RFC3339), n.MaintenanceFrom.Format(time.RFC3339))
	}
	return nil
}
