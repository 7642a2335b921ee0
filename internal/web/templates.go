package web

import (
	"context"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/peel-oss/peel/internal/peel"
	"github.com/peel-oss/peel/internal/store"
)

// page is what every page's data has: what the layout shows around it.
type page struct {
	Title       string
	Notices     []*peel.Notice
	Breadcrumbs []crumb
	// Editor marks the editor's pages, whose header offers to sign in or
	// out. Public pages are the same for everyone, and cached: they never
	// set it, nor User.
	Editor bool
	User   *peel.User
	CSRF   string // the session's token for forms
	// ReadOnlyUntil is when the editor's maintenance ends, while it is
	// read-only; nil otherwise. Only the editor's pages set it.
	ReadOnlyUntil *time.Time
}

type crumb struct {
	Text, Href string
}

// page returns the frame of a page, with the notices shown now.
func (s *Server) page(r *http.Request, title string, crumbs ...crumb) page {
	now := s.Now()
	notices, err := s.Store.FindNotices(r.Context(), store.NoticeFilter{ActiveAt: &now})
	if err != nil {
		// A page without its banner is better than no page.
		s.Logger.Error("find notices", "err", err)
	}
	return page{Title: title, Notices: notices, Breadcrumbs: crumbs}
}

type errorPage struct {
	page
	Status  int
	Message string
}

// filterPanel is what the filterPanel template draws.
type filterPanel struct {
	Heading, Form string
	Filters       []filter
}

// grade is a grade as a page shows it: a label on a coloured tag.
type grade struct {
	Label  string
	Colour string
}

// gradeOf returns how the framework's grade with the slug is shown;
// no grade is "Ungraded", in grey.
func gradeOf(fw *peel.Framework, slug string) grade {
	if g := fw.Grade(slug); g != nil {
		return grade{Label: g.Label, Colour: g.Colour}
	}
	return grade{Label: peel.Ungraded, Colour: "grey"}
}

var funcs = template.FuncMap{
	// tagClass is the GOV.UK Frontend tag's classes for a colour; plain
	// tags are blue.
	"tagClass": func(colour string) string {
		switch colour {
		case "blue":
			return "govuk-tag"
		case "":
			return "govuk-tag govuk-tag--grey"
		}
		return "govuk-tag govuk-tag--" + colour
	},
	// filterForm gives the filterPanel template its heading, its form's id
	// and its filters.
	"filterForm": func(heading, form string, filters []filter) filterPanel {
		return filterPanel{Heading: heading, Form: form, Filters: filters}
	},
	// isLink is true of evidence that is a web address, which pages link.
	"isLink": func(s string) bool {
		return strings.HasPrefix(s, "https://") || strings.HasPrefix(s, "http://")
	},
	"longDate": func(d peel.Date) string { return d.Format("2 January 2006") },
	// inc counts from 1 what range counts from 0.
	"inc":     func(i int) int { return i + 1 },
	"isoDate": func(d peel.Date) string { return d.String() },
	// thousands writes a count with commas: 10,000.
	"thousands": func(n int) string {
		s := strconv.Itoa(n)
		for i := len(s) - 3; i > 0; i -= 3 {
			s = s[:i] + "," + s[i:]
		}
		return s
	},
	// dayOf is the day of a time, as dates are shown: times are UTC.
	"dayOf":   func(t time.Time) peel.Date { return peel.Date{Time: t.UTC()} },
	"isoTime": func(t time.Time) string { return t.UTC().Format(time.RFC3339) },
	// longTime is a moment as the editor shows it, in UTC.
	"longTime": func(t time.Time) string { return t.UTC().Format("15:04 on 2 January 2006") + " (UTC)" },
	// ukTime is a moment as the editor's forms take it: in UK time.
	"ukTime": formatUK,
	// monthsText is a number of months: "1 month", "6 months".
	"monthsText": monthsText,
}

// parseTemplates parses each page with the layout it is drawn in.
func parseTemplates() (map[string]*template.Template, error) {
	names, err := fs.Glob(templateFiles, "templates/*.html")
	if err != nil {
		return nil, err
	}
	pages := map[string]*template.Template{}
	for _, name := range names {
		base := strings.TrimPrefix(name, "templates/")
		if base == "layout.html" {
			continue
		}
		t, err := template.New(base).Funcs(funcs).ParseFS(templateFiles, "templates/layout.html", name)
		if err != nil {
			return nil, fmt.Errorf("template %s: %w", base, err)
		}
		pages[base] = t
	}
	return pages, nil
}

// names are the display names of organisations and frameworks by slug.
type names struct {
	orgs       map[string]*peel.Organisation
	frameworks map[string]*peel.Framework
	orgList    []*peel.Organisation
	fwList     []*peel.Framework // by programme and cycle
}

func (s *Server) names(ctx context.Context) (*names, error) {
	orgs, err := s.Store.FindOrganisations(ctx, store.OrganisationFilter{})
	if err != nil {
		return nil, err
	}
	fws, err := s.Store.FindFrameworks(ctx)
	if err != nil {
		return nil, err
	}
	n := &names{orgs: map[string]*peel.Organisation{}, frameworks: map[string]*peel.Framework{}, orgList: orgs, fwList: fws}
	for _, o := range orgs {
		n.orgs[o.Slug] = o
	}
	for _, f := range fws {
		n.frameworks[f.Slug] = f
	}
	return n, nil
}

// title is an assessment's title in lists and feeds: "Kent PEEL 2016:
// Legitimacy".
func (n *names) title(a *peel.Assessment) string {
	fw := n.frameworks[a.Framework]
	return n.orgs[a.Organisation].ShortName + " " + fw.Name() + ": " + fw.PillarName(a.Pillar)
}

// regions groups organisations by region, regions in alphabetical order.
type region struct {
	Name          string
	Organisations []*peel.Organisation
}

func byRegion(orgs []*peel.Organisation) []region {
	var list []region
	index := map[string]int{}
	for _, o := range orgs {
		i, ok := index[o.Region]
		if !ok {
			i = len(list)
			index[o.Region] = i
			list = append(list, region{Name: o.Region})
		}
		list[i].Organisations = append(list[i].Organisations, o)
	}
	slices.SortFunc(list, func(a, b region) int { return strings.Compare(a.Name, b.Name) })
	return list
}
