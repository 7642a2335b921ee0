package web

import (
	"net/http"
	"net/url"
	"strconv"

	"github.com/peel-oss/peel/internal/peel"
)

// pager is one page of a long list: which page (from 1), how many items a
// page holds, and how many there are in all. Pages, the API's Link headers
// and the GOV.UK pagination component all read it.
type pager struct {
	Page    int
	PerPage int
	Total   int
	url     url.URL // the list's address, with its other parameters
}

// parsePager reads ?page= and ?per_page= (per_page at most max). A value
// that is not a positive whole number is EINVALID, naming the parameter.
func parsePager(r *http.Request, perPage, max int) (pager, error) {
	p := pager{Page: 1, PerPage: perPage, url: *r.URL}
	q := r.URL.Query()
	for _, f := range []struct {
		name string
		v    *int
		max  int
	}{{"page", &p.Page, 0}, {"per_page", &p.PerPage, max}} {
		raw := q.Get(f.name)
		if raw == "" {
			continue
		}
		n, err := strconv.Atoi(raw)
		if err != nil || n < 1 {
			return p, peel.Errorf(peel.EINVALID, "%s: %q is not a positive whole number", f.name, raw)
		}
		if f.max > 0 && n > f.max {
			return p, peel.Errorf(peel.EINVALID, "%s: %d is more than the most allowed, %d", f.name, n, f.max)
		}
		*f.v = n
	}
	return p, nil
}

// readPage reads the page of a list that ?page= and ?per_page= ask for:
// find reads that page (limit and offset) and says how many there are in
// all, which the pager returned holds. A page past the last is for the
// caller to refuse (Beyond), as pages and the API refuse it differently.
func readPage[T any](r *http.Request, perPage, max int, find func(limit, offset int) ([]T, int, error)) (pager, []T, error) {
	p, err := parsePager(r, perPage, max)
	if err != nil {
		return p, nil, err
	}
	list, total, err := find(p.PerPage, p.Offset())
	p.Total = total
	return p, list, err
}

// errNoPage refuses a page of the editor's past a list's last.
func errNoPage(p pager) error { return peel.Errorf(peel.ENOTFOUND, "no page %d", p.Page) }

// Offset is how many items come before this page.
func (p pager) Offset() int { return (p.Page - 1) * p.PerPage }

// Last is the number of the last page; an empty list has one, empty, page.
func (p pager) Last() int {
	if p.Total <= p.PerPage {
		return 1
	}
	return (p.Total + p.PerPage - 1) / p.PerPage
}

// Beyond reports whether the page asked for is past the last one.
func (p pager) Beyond() bool { return p.Page > p.Last() }

// Href is the list's address for another page: the same query with only
// its page changed.
func (p pager) Href(page int) string {
	u := p.url
	q := u.Query()
	if page == 1 {
		q.Del("page")
	} else {
		q.Set("page", strconv.Itoa(page))
	}
	u.RawQuery = q.Encode()
	u.Scheme, u.Host = "", ""
	return u.RequestURI()
}

// First and LastItem number the items on this page from 1, for "Showing
// 21 to 40 of 95".
func (p pager) First() int {
	if p.Total == 0 {
		return 0
	}
	return p.Offset() + 1
}

func (p pager) LastItem() int { return min(p.Offset()+p.PerPage, p.Total) }

// pageLink is one item of the GOV.UK pagination component: a page number,
// or an ellipsis where Number is 0.
type pageLink struct {
	Number  int
	Href    string
	Current bool
}

// Links are the numbered links the component shows: the first, the last,
// and the pages either side of the current one, with ellipses between.
func (p pager) Links() []pageLink {
	last := p.Last()
	var links []pageLink
	for n := 1; n <= last; n++ {
		if n == 1 || n == last || (n >= p.Page-1 && n <= p.Page+1) {
			links = append(links, pageLink{Number: n, Href: p.Href(n), Current: n == p.Page})
		} else if len(links) > 0 && links[len(links)-1].Number != 0 {
			links = append(links, pageLink{})
		}
	}
	return links
}

// Prev and Next are the neighbouring pages' addresses, "" at either end.
func (p pager) Prev() string {
	if p.Page <= 1 {
		return ""
	}
	return p.Href(p.Page - 1)
}

func (p pager) Next() string {
	if p.Page >= p.Last() {
		return ""
	}
	return p.Href(p.Page + 1)
}
