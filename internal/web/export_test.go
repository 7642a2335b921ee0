package web

// CacheHits is how many answers s's page cache gave without rendering.
func CacheHits(s *Server) int64 { return s.cache.hits.Load() }

// SetSitemapSize sets how many addresses one sitemap lists, until the test
// ends.
func SetSitemapSize(tb interface{ Cleanup(func()) }, n int) {
	old := sitemapSize
	sitemapSize = n
	tb.Cleanup(func() { sitemapSize = old })
}
