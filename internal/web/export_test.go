package web

// CacheHits is how many answers s's page cache gave without rendering.
func CacheHits(s *Server) int64 { return s.cache.hits.Load() }
