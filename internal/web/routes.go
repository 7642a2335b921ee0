package web

import "net/http"

// routes lists every address the site answers.
func (s *Server) routes() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /{$}", s.handleHome)
	mux.HandleFunc("GET /healthz", s.handleHealth)
	mux.HandleFunc("GET /feed.atom", s.handleFeed)
	mux.HandleFunc("GET /sitemap.xml", s.handleSitemap)
	mux.HandleFunc("GET /sitemaps/site.xml", s.handleSiteSitemap)
	mux.HandleFunc("GET /sitemaps/{framework}/{part}", s.handleCycleSitemap)
	mux.HandleFunc("GET /robots.txt", s.handleRobots)
	mux.Handle("GET /static/", s.static)
	mux.HandleFunc("GET /forces", s.handleForceIndex)
	mux.HandleFunc("GET /forces/{organisation}", s.handleForceView)
	mux.HandleFunc("GET /peel-assessments", s.handleCycleIndex)
	mux.HandleFunc("GET /peel-assessments/{framework}", s.handleCycleView)
	mux.HandleFunc("GET /peel-assessments/{framework}/{$}", s.handleTrailingSlash)
	mux.HandleFunc("GET /compare", s.handleCompare)
	mux.HandleFunc("GET /peel-assessments/{framework}/{organisation}", s.handleCycleRedirect)
	mux.HandleFunc("GET /peel-assessments/{framework}/{organisation}/{$}", s.handleCycleRedirect)
	mux.HandleFunc("GET /peel-assessments/{framework}/{organisation}/{pillar}", s.handleAssessmentView)
	mux.HandleFunc("GET /peel-assessments/{framework}/{organisation}/{pillar}/{$}", s.handleTrailingSlash)
	mux.HandleFunc("GET /search", s.handleSearch)
	mux.HandleFunc("GET /publications", s.handlePublicationIndex)
	mux.HandleFunc("GET /publications/{publication}", s.handlePublicationView)
	mux.HandleFunc("GET /publications/{publication}/{$}", s.handleTrailingSlash)
	mux.HandleFunc("GET /publications/{publication}/{organisation}", s.handleOutcomeView)
	mux.HandleFunc("GET /publications/{publication}/{organisation}/{$}", s.handleTrailingSlash)
	mux.HandleFunc("GET /peel-assessments/{framework}/{organisation}/{pillar}/history", s.handleHistory)
	mux.HandleFunc("GET /peel-assessments/{framework}/{organisation}/{pillar}/history/{$}", s.handleTrailingSlash)
	mux.HandleFunc("GET /peel-assessments/{framework}/{organisation}/{pillar}/history/{version}", s.handleVersionView)
	mux.HandleFunc("GET /peel-assessments/{framework}/{organisation}/{pillar}/history/{version}/{$}", s.handleTrailingSlash)
	mux.HandleFunc("GET /data/judgments.csv", s.handleJudgmentsCSV)
	mux.HandleFunc("GET /data/judgments.json", s.handleJudgmentsJSON)
	mux.HandleFunc("GET /data/publications.json", s.handlePublicationsJSON)
	mux.HandleFunc("GET /data/outcomes.csv", s.handleOutcomesCSV)
	mux.HandleFunc("GET /sign-in", s.handleSignInForm)
	mux.HandleFunc("POST /sign-in", s.handleSignIn)
	mux.HandleFunc("POST /sign-out", s.handleSignOut)
	mux.HandleFunc("GET /set-password/{token}", s.handleSetPasswordForm)
	mux.HandleFunc("POST /set-password/{token}", s.handleSetPassword)
	mux.HandleFunc("GET /editor", s.handleEditor)
	mux.HandleFunc("GET /editor/assessments/{framework}/{organisation}/{pillar}", s.handleEditorAssessment)
	for _, rt := range s.apiRoutes() {
		mux.HandleFunc(rt.pattern, rt.handle)
	}
	mux.HandleFunc("/api/", s.handleAPINotFound)
	mux.HandleFunc("/", s.notFound)
	return mux
}

// apiRoute is one address of the JSON API.
type apiRoute struct {
	pattern string
	handle  http.HandlerFunc
}

// apiRoutes are the JSON API's addresses. Each is described in
// openapi.json, and a test holds the two to each other.
func (s *Server) apiRoutes() []apiRoute {
	return []apiRoute{
		{"GET /api/v1/openapi.json", s.handleOpenAPI},
		{"GET /api/v1/organisations", s.handleAPIOrganisations},
		{"GET /api/v1/frameworks", s.handleAPIFrameworks},
		{"GET /api/v1/assessments", s.handleAPIAssessments},
		{"GET /api/v1/assessments/{framework}/{organisation}/{pillar}", s.handleAPIAssessment},
		{"GET /api/v1/changes", s.handleAPIChanges},
		{"GET /api/v1/publications", s.handleAPIPublications},
		{"GET /api/v1/publications/{publication}", s.handleAPIPublication},
	}
}

// handleTrailingSlash sends an address with a trailing slash, as the
// inspectorate's own links have them, to the same address without.
func (s *Server) handleTrailingSlash(w http.ResponseWriter, r *http.Request) {
	target := r.URL.Path[:len(r.URL.Path)-1]
	if r.URL.RawQuery != "" {
		target += "?" + r.URL.RawQuery
	}
	http.Redirect(w, r, target, http.StatusMovedPermanently)
}

func (s *Server) handleHealth(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Cache-Control", "no-store")
	if err := s.Store.Ping(r.Context()); err != nil {
		s.Logger.Warn("health check", "err", err)
		w.Header().Set("Retry-After", retryAfter)
		http.Error(w, "database unavailable", http.StatusServiceUnavailable)
		return
	}
	w.Write([]byte("ok\n"))
}
