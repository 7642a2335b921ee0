package web

import (
	"net/http/httptest"
	"slices"
	"testing"

	"github.com/peel-oss/peel/internal/peel"
)

func TestPager(t *testing.T) {
	r := httptest.NewRequest("GET", "/x?region=South+East&page=3&per_page=10", nil)
	p, err := parsePager(r, 20, 100)
	if err != nil {
		t.Fatal(err)
	}
	p.Total = 95
	if p.Page != 3 || p.PerPage != 10 || p.Offset() != 20 || p.Last() != 10 || p.First() != 21 || p.LastItem() != 30 {
		t.Errorf("pager = %+v, offset %d, last %d, items %d–%d", p, p.Offset(), p.Last(), p.First(), p.LastItem())
	}
	if got, want := p.Href(1), "/x?per_page=10&region=South+East"; got != want {
		t.Errorf("Href(1) = %q, want %q", got, want)
	}
	if got, want := p.Next(), "/x?page=4&per_page=10&region=South+East"; got != want {
		t.Errorf("Next() = %q, want %q", got, want)
	}
	var numbers []int
	for _, l := range p.Links() {
		numbers = append(numbers, l.Number)
	}
	if got, want := numbers, []int{1, 2, 3, 4, 0, 10}; !slices.Equal(got, want) {
		t.Errorf("Links() numbers = %v, want %v", got, want)
	}
	p.Page = 11
	if !p.Beyond() {
		t.Error("page 11 of 10 is not beyond the last")
	}
	empty := pager{Page: 1, PerPage: 20}
	if empty.Last() != 1 || empty.Prev() != "" || empty.Next() != "" || empty.First() != 0 {
		t.Errorf("an empty list's pager is wrong: %+v", empty)
	}

	for _, q := range []string{"page=0", "page=x", "per_page=-1", "per_page=101"} {
		_, err := parsePager(httptest.NewRequest("GET", "/x?"+q, nil), 20, 100)
		if peel.ErrorCode(err) != peel.EINVALID {
			t.Errorf("%s: error %v, want EINVALID", q, err)
		}
	}
}
