package web

import (
	"context"
	"fmt"
	"html"
	"io/fs"
	"mime"
	"net/http"
	"net/http/httptest"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"strings"
)

// exportStart are the addresses an export starts from; it follows every
// link from them, and every address the sitemap lists.
var exportStart = []string{"/", "/forces", "/feed.atom", "/sitemap.xml", "/robots.txt", "/data/judgments.csv", "/data/judgments.json",
	"/data/publications.json", "/data/outcomes.csv", "/data/recommendations.csv", "/data/recommendations.json"}

// linkRE finds the addresses a page, feed or sitemap refers to.
var linkRE = regexp.MustCompile(`(?:href|src)="([^"]*)"|<loc>([^<]*)</loc>`)

// Export writes the public site, as it is now, into dir as static files
// that any web server can serve: each page at its address's folder as
// index.html (/forces/kent at forces/kent/index.html), every other file
// (feeds, data, styles) at its address, and every asset. It follows the
// site's own links from the home page and the sitemap, so it writes what a
// visitor can reach; what only a query reaches (search, compare, the later
// pages of a paged list, the API) has no static form and is left out. It
// returns the number of files written.
func (s *Server) Export(ctx context.Context, dir string) (int, error) {
	h := s.Handler()
	seen := map[string]bool{}
	queue := append([]string(nil), exportStart...)
	err := fs.WalkDir(staticFiles, "static", func(name string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && path.Base(name) != "placeholder.txt" {
			queue = append(queue, "/"+name)
		}
		return err
	})
	if err != nil {
		return 0, err
	}
	n := 0
	for len(queue) > 0 {
		if err := ctx.Err(); err != nil {
			return n, err
		}
		p := queue[0]
		queue = queue[1:]
		if seen[p] {
			continue
		}
		seen[p] = true
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequestWithContext(ctx, http.MethodGet, p, nil))
		switch {
		case rec.Code == http.StatusServiceUnavailable || rec.Code == http.StatusInternalServerError:
			return n, fmt.Errorf("%s: the site answered %d", p, rec.Code)
		case rec.Code != http.StatusOK:
			continue // a redirect, or a link to nothing
		}
		body := rec.Body.Bytes()
		contentType := rec.Header().Get("Content-Type")
		mediaType, _, _ := mime.ParseMediaType(contentType)
		file := filepath.Join(dir, filepath.FromSlash(strings.TrimPrefix(p, "/")))
		if mediaType == "text/html" {
			file = filepath.Join(file, "index.html")
		}
		if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
			return n, err
		}
		if err := os.WriteFile(file, body, 0o644); err != nil {
			return n, err
		}
		n++
		if mediaType == "text/html" || strings.HasSuffix(mediaType, "xml") {
			for _, m := range linkRE.FindAllSubmatch(body, -1) {
				if link, ok := s.exportPath(html.UnescapeString(string(m[1]) + string(m[2]))); ok && !seen[link] {
					queue = append(queue, link)
				}
			}
		}
	}
	return n, nil
}

// exportPath returns the site path a link names, if it is one of the
// site's own addresses with a static form.
func (s *Server) exportPath(link string) (string, bool) {
	link = strings.TrimPrefix(link, s.BaseURL)
	link, _, _ = strings.Cut(link, "#")
	if !strings.HasPrefix(link, "/") || strings.HasPrefix(link, "//") || strings.ContainsAny(link, "?\\") ||
		strings.HasPrefix(link, "/api/") || strings.HasSuffix(link, "/") && link != "/" {
		return "", false
	}
	if clean := path.Clean(link); clean != link {
		return "", false
	}
	return link, true
}
