package peel

import (
	"strings"
	"time"
)

// Notice is a site-wide banner, such as planned downtime, shown while now is
// within its display window. A missing bound is open.
type Notice struct {
	ID        int64      `json:"id"`
	Title     string     `json:"title"`
	Body      string     `json:"body"`
	From      *time.Time `json:"from"`
	Until     *time.Time `json:"until"`
	CreatedAt time.Time  `json:"createdAt"`
}

// ActiveAt reports whether the notice shows at t.
func (n *Notice) ActiveAt(t time.Time) bool {
	return (n.From == nil || !t.Before(*n.From)) && (n.Until == nil || t.Before(*n.Until))
}

// Validate checks the notice has words and a window that can be open.
func (n *Notice) Validate() error {
	switch {
	case strings.TrimSpace(n.Title) == "":
		return Errorf(EINVALID, "a notice needs a title")
	case strings.TrimSpace(n.Body) == "":
		return Errorf(EINVALID, "a notice needs a body")
	case n.From != nil && n.Until != nil && !n.Until.After(*n.From):
		return Errorf(EINVALID, "a notice's until (%s) must be after its from (%s)", n.Until.Format(time.RFC3339), n.From.Format(time.RFC3339))
	}
	return nil
}
