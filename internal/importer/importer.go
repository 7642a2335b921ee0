package importer

import (
	"context"

	"github.com/peel-oss/peel/internal/peel"
	"github.com/peel-oss/peel/internal/store"
)

// Importer reads report pages into the store.
type Importer struct {
	Store *store.Store
	// With Corrections, a page that changes a public page's content is a
	// major correction: it needs Note, its change note, and is refused
	// without one.
	Corrections bool
	Note        string
}

// Result is what importing one page did.
type Result struct {
	store.ImportResult
	Assessment *peel.Assessment
	Notes      []*Warning
}

// Import reads one page and stores it, all or nothing: published with its
// "Last updated" date as its publication date, or as a draft.
func (im *Importer) Import(ctx context.Context, name string, data []byte, draft bool) (*Result, error) {
	page, err := ParsePage(name, data)
	if err != nil {
		return nil, err
	}
	cat, err := im.catalogue(ctx)
	if err != nil {
		return nil, err
	}
	status := peel.StatusPublished
	if draft {
		status = peel.StatusDraft
	}
	a, pillar, notes, err := page.Resolve(name, cat, status)
	if err != nil {
		return nil, err
	}
	var res store.ImportResult
	if im.Corrections {
		res, err = im.Store.ImportAssessmentWithNote(ctx, a, pillar, im.Note)
	} else {
		res, err = im.Store.ImportAssessment(ctx, a, pillar)
	}
	if err != nil {
		if code := peel.ErrorCode(err); code == peel.ECONFLICT || code == peel.EINVALID {
			return nil, &LineError{File: name, Line: page.Title.Line, Problem: peel.ErrorMessage(err)}
		}
		return nil, fileError(name, err)
	}
	return &Result{ImportResult: res, Assessment: a, Notes: notes}, nil
}

func (im *Importer) catalogue(ctx context.Context) (Catalogue, error) {
	fws, err := im.Store.FindFrameworks(ctx)
	if err != nil {
		return Catalogue{}, err
	}
	orgs, err := im.Store.FindOrganisations(ctx, store.OrganisationFilter{})
	return Catalogue{Frameworks: fws, Organisations: orgs}, err
}
