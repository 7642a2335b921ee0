package web

import "net/http"

// routes lists every address the site answers. Every write but signing in
// and out goes through writable, which refuses it while the editor is
// read-only for maintenance.
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
	mux.HandleFunc("GET /publications/{publication}/history", s.handlePublicationHistory)
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
	mux.HandleFunc("GET /responses", s.handleResponseIndex)
	mux.HandleFunc("GET /data/responses.csv", s.handleResponsesCSV)
	mux.HandleFunc("GET /recommendations", s.handleRecommendationIndex)
	mux.HandleFunc("GET /recommendations/{id}", s.handleRecommendationView)
	mux.HandleFunc("GET /recommendations/{id}/{$}", s.handleTrailingSlash)
	mux.HandleFunc("GET /data/recommendations.csv", s.handleRecommendationsCSV)
	mux.HandleFunc("GET /data/recommendations.json", s.handleRecommendationsJSON)
	mux.HandleFunc("GET /sign-in", s.handleSignInForm)
	mux.HandleFunc("POST /sign-in", s.handleSignIn)
	mux.HandleFunc("POST /sign-out", s.handleSignOut)
	mux.HandleFunc("GET /set-password/{token}", s.handleSetPasswordForm)
	mux.HandleFunc("POST /set-password/{token}", s.writable(s.handleSetPassword))
	mux.HandleFunc("GET /editor", s.handleEditor)
	mux.HandleFunc("GET /editor/assessments/{framework}/{organisation}/{pillar}", s.handleEditorAssessment)
	mux.HandleFunc("POST /editor/assessments/{framework}/{organisation}/{pillar}/{action}", s.writable(s.handleStep))
	mux.HandleFunc("GET /editor/notices", s.handleNotices)
	mux.HandleFunc("GET /editor/notices/new", s.handleNoticeForm)
	mux.HandleFunc("POST /editor/notices", s.writable(s.handleNoticeCreate))
	mux.HandleFunc("POST /editor/notices/{id}/{change}", s.writable(s.handleNoticeChange))
	mux.HandleFunc("GET /editor/audit", s.handleAudit)
	mux.HandleFunc("GET /editor/responses", s.handleEditorResponses)
	mux.HandleFunc("GET /editor/responses/record", s.handleResponseForm)
	mux.HandleFunc("POST /editor/responses/record", s.writable(s.handleResponseRecord))
	mux.HandleFunc("GET /editor/recommendations", s.handleEditorRecommendations)
	mux.HandleFunc("GET /editor/recommendations/new", s.handleEditorRecommendationNew)
	mux.HandleFunc("GET /editor/recommendations/stale", s.handleEditorStale)
	mux.HandleFunc("GET /editor/recommendations/stale.csv", s.handleEditorStaleCSV)
	mux.HandleFunc("POST /editor/recommendations/new", s.writable(s.handleEditorRecommendationCreate))
	mux.HandleFunc("GET /editor/recommendations/{id}", s.handleEditorRecommendation)
	mux.HandleFunc("GET /editor/recommendations/{id}/{organisation}", s.handleEditorAddressee)
	mux.HandleFunc("POST /editor/recommendations/{id}/{organisation}/{kind}", s.writable(s.handleEditorEntry))
	mux.HandleFunc("GET /editor/publications", s.handleEditorPublications)
	mux.HandleFunc("GET /editor/publications/new", s.handlePublicationNew)
	mux.HandleFunc("POST /editor/publications/new", s.writable(s.handlePublicationCreate))
	mux.HandleFunc("GET /editor/publications/{slug}", s.handleEditorPublication)
	mux.HandleFunc("GET /editor/publications/{slug}/edit", s.handlePublicationEdit)
	mux.HandleFunc("POST /editor/publications/{slug}/edit", s.writable(s.handlePublicationUpdate))
	mux.HandleFunc("POST /editor/publications/{slug}/{action}", s.writable(s.handlePublicationStep))
	mux.HandleFunc("GET /editor/publications/{slug}/outcomes", s.handleOutcomeChoose)
	mux.HandleFunc("GET /editor/publications/{slug}/outcomes/{organisation}", s.handleOutcomeForm)
	mux.HandleFunc("POST /editor/publications/{slug}/outcomes/{organisation}", s.writable(s.handleOutcomeRecord))
	api := http.NewServeMux()
	mux.HandleFunc("GET /editor/assessments/new", s.handleAssessmentNew)
	mux.HandleFunc("POST /editor/assessments/new", s.writable(s.handleAssessmentCreate))
	mux.HandleFunc("GET /editor/assessments/{framework}/{organisation}/{pillar}/edit", s.handleAssessmentEdit)
	mux.HandleFunc("POST /editor/assessments/{framework}/{organisation}/{pillar}/edit", s.writable(s.handleAssessmentUpdate))
	for _, rt := range s.apiRoutes() {
		mux.HandleFunc(rt.pattern, rt.handle)
		api.HandleFunc(rt.pattern, rt.handle)
	}
	mux.Handle("/api/", s.apiNotFound(api))
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
		{"POST /api/v1/assessments", s.apiWrite(s.handleAPIAssessmentCreate)},
		{"GET /api/v1/assessments/{framework}/{organisation}/{pillar}", s.handleAPIAssessment},
		{"PUT /api/v1/assessments/{framework}/{organisation}/{pillar}", s.apiWrite(s.handleAPIAssessmentUpdate)},
		{"POST /api/v1/assessments/{framework}/{organisation}/{pillar}/transitions", s.apiWrite(s.handleAPITransition)},
		{"GET /api/v1/assessments/{framework}/{organisation}/{pillar}/comments", s.apiToken(s.handleAPIComments)},
		{"POST /api/v1/assessments/{framework}/{organisation}/{pillar}/comments", s.apiWrite(s.handleAPICommentCreate)},
		{"GET /api/v1/changes", s.handleAPIChanges},
		{"GET /api/v1/publications", s.handleAPIPublications},
		{"GET /api/v1/publications/{publication}", s.handleAPIPublication},
		{"GET /api/v1/responses", s.handleAPIResponses},
		{"POST /api/v1/responses", s.apiWrite(s.handleAPIResponseCreate)},
		{"GET /api/v1/recommendations", s.handleAPIRecommendations},
		{"POST /api/v1/recommendations", s.apiWrite(s.handleAPIRecommendationCreate)},
		{"GET /api/v1/recommendations/{id}", s.handleAPIRecommendation},
		{"POST /api/v1/recommendations/{id}/organisations/{organisation}/entries", s.apiWrite(s.handleAPIEntryCreate)},
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
