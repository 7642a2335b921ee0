package web_test

import (
	"net/http"
	"net/http/httptest"
	"testing"
	"testing/fstest"
)

// BenchmarkAssessmentPage serves the seed's page from the store, through
// the whole handler: middleware, queries and template.
func BenchmarkAssessmentPage(b *testing.B) {
	s := newSite(b)
	s.importSeed(b, false)
	serve(b, s.handler, seedPath)
}

// BenchmarkStaticBaseline serves the same page's bytes as a static file
// from memory: the bound the page's cost is compared against.
func BenchmarkStaticBaseline(b *testing.B) {
	s := newSite(b)
	s.importSeed(b, false)
	_, body := s.get(b, seedPath)
	files := fstest.MapFS{"page.html": {Data: []byte(body)}}
	serve(b, http.FileServerFS(files), "/page.html")
}

func serve(b *testing.B, h http.Handler, path string) {
	b.Helper()
	b.ReportAllocs()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, httptest.NewRequest("GET", path, nil))
			if rec.Code != http.StatusOK {
				b.Errorf("status %d", rec.Code)
				return
			}
		}
	})
}
