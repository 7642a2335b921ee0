package peel

import (
	"slices"
	"strings"
	"time"
)

// Action is one step in an assessment's life, or a change made to it.
type Action string

// Actions. Each is allowed from the statuses and to the roles of its Step.
const (
	ActionCreate    Action = "create"     // start a new assessment, as a draft
	ActionEdit      Action = "edit"       // save a draft's content
	ActionSendCheck Action = "send-check" // out for the force's factual-accuracy check
	ActionRedraft   Action = "redraft"    // back from the check to draft
	ActionModerate  Action = "moderate"   // send to moderation
	ActionApprove   Action = "approve"
	ActionReturn    Action = "return" // back from moderation to draft, with a comment
	ActionSchedule  Action = "schedule"
	ActionPublish   Action = "publish"
	ActionCorrect   Action = "correct" // a new version of a published page
	ActionWithdraw  Action = "withdraw"
	ActionComment   Action = "comment"
	ActionReadDraft Action = "read" // read an assessment the public may not see
)

// Step says from which statuses an action may be taken, to which status it
// leads (none for an action that keeps the status), and which roles may
// take it. The administrator may take every action but comment as a force.
type Step struct {
	Action Action
	From   []Status
	To     Status
	Roles  []Role
}

var unpublished = []Status{StatusDraft, StatusCheck, StatusModeration, StatusApproved, StatusScheduled}

// Steps is the workflow, one row an action: the table the README shows.
var Steps = []Step{
	{ActionCreate, nil, StatusDraft, []Role{RoleInspector, RoleAdministrator}},
	{ActionEdit, []Status{StatusDraft}, "", []Role{RoleInspector, RoleAdministrator}},
	{ActionSendCheck, []Status{StatusDraft}, StatusCheck, []Role{RoleInspector, RoleAdministrator}},
	{ActionRedraft, []Status{StatusCheck}, StatusDraft, []Role{RoleInspector, RoleAdministrator}},
	{ActionModerate, []Status{StatusDraft, StatusCheck}, StatusModeration, []Role{RoleInspector, RoleAdministrator}},
	{ActionApprove, []Status{StatusModeration}, StatusApproved, []Role{RoleModerator, RoleAdministrator}},
	{ActionReturn, []Status{StatusModeration}, StatusDraft, []Role{RoleModerator, RoleAdministrator}},
	{ActionSchedule, []Status{StatusApproved, StatusScheduled}, StatusScheduled, []Role{RolePublisher, RoleAdministrator}},
	{ActionPublish, []Status{StatusApproved, StatusScheduled}, StatusPublished, []Role{RolePublisher, RoleAdministrator}},
	{ActionCorrect, []Status{StatusPublished}, "", []Role{RolePublisher, RoleAdministrator}},
	{ActionWithdraw, []Status{StatusPublished}, StatusWithdrawn, []Role{RolePublisher, RoleAdministrator}},
	// A liaison comments on their own force's assessment, and only during
	// the check; the others on any assessment not yet public.
	{ActionComment, unpublished, "", []Role{RoleInspector, RoleModerator, RolePublisher, RoleAdministrator, RoleLiaison}},
	{ActionReadDraft, unpublished, "", []Role{RoleInspector, RoleModerator, RolePublisher, RoleAdministrator, RoleLiaison}},
}

// StepOf returns the action's step.
func StepOf(action Action) (Step, bool) {
	i := slices.IndexFunc(Steps, func(s Step) bool { return s.Action == action })
	if i < 0 {
		return Step{}, false
	}
	return Steps[i], true
}

// Allow checks that the user may take the action on the assessment as it
// stands: EFORBIDDEN when their role may not, ECONFLICT when the role may
// but not from the assessment's status.
func Allow(u *User, action Action, a *Assessment) error {
	step, ok := StepOf(action)
	if !ok {
		return Errorf(EINVALID, "%q is not an action on an assessment", action)
	}
	if u == nil || u.Disabled {
		return Errorf(EFORBIDDEN, "sign in to %s %s", action, a.Path())
	}
	if !slices.Contains(step.Roles, u.Role) {
		return Errorf(EFORBIDDEN, "a user with the role %s may not %s an assessment; that is for %s", u.Role, action, roleList(step.Roles))
	}
	if u.Role == RoleLiaison {
		// A liaison sees their own force's assessment while it is out
		// for the check, and nothing else that is not public.
		if u.Organisation != a.Organisation || a.Status != StatusCheck {
			return Errorf(EFORBIDDEN, "a liaison for %s may %s only their own force's assessment while it is out for the factual-accuracy check", u.Organisation, action)
		}
	}
	if action == ActionCreate {
		return nil // whether it exists already is the store's to say
	}
	if !slices.Contains(step.From, a.Status) {
		return Errorf(ECONFLICT, "%s is %s: it cannot %s from there (only from %s)", a.Path(), a.Status, action, statusList(step.From))
	}
	return nil
}

func roleList(roles []Role) string {
	names := make([]string, len(roles))
	for i, r := range roles {
		names[i] = string(r)
	}
	return strings.Join(names, ", ")
}

func statusList(statuses []Status) string {
	names := make([]string, len(statuses))
	for i, s := range statuses {
		names[i] = string(s)
	}
	return strings.Join(names, ", ")
}

// Comment is a remark on an assessment on its way to publication: by the
// force's liaison during the check, or by a moderator returning it.
type Comment struct {
	ID      int64
	Version int    // the assessment's version it was made on
	Author  string // the user's email
	Body    string
	At      time.Time
}

// Operator is the user that a command run on the server's machine acts as:
// it may do what an administrator may. The audit log names it by the
// context's actor, not by this address.
func Operator() *User { return &User{Email: "operator", Role: RoleAdministrator} }

// AllowAssign checks that the user may assign the assessment to someone, or
// to no one: any signed-in user but a liaison, while it is not yet public.
func AllowAssign(u *User, a *Assessment) error {
	switch {
	case u == nil || u.Disabled:
		return Errorf(EFORBIDDEN, "sign in to assign %s", a.Path())
	case u.Role == RoleLiaison:
		return Errorf(EFORBIDDEN, "a liaison may not assign an assessment to anyone")
	case a.Status.Public():
		return Errorf(ECONFLICT, "%s is %s: only an assessment not yet published is assigned", a.Path(), a.Status)
	}
	return nil
}
