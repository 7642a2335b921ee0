package store

import (
	"context"

	"github.com/peel-oss/peel/internal/peel"
)

// CreateAssessments stores new assessments in one transaction, all or
// nothing: many pages for the cost of one commit, as a generator of sample
// data needs. Each is written as ImportAssessment writes a new one, with
// its narrative and its first version. Their frameworks must define their
// pillars and questions already. An assessment that exists already is
// ECONFLICT, and nothing of the batch is stored.
func (s *Store) CreateAssessments(ctx context.Context, list []*peel.Assessment) error {
	for _, a := range list {
		if err := a.Validate(); err != nil {
			return err
		}
	}
	err := s.inTx(ctx, func(tx *tx) error {
		c := newCatalogue(tx)
		for _, a := range list {
			fw, p, orgID, err := c.find(ctx, a)
			if err != nil {
				return err
			}
			a.ID, a.Version = 0, 1
			if err := writeAssessment(ctx, tx, fw, p, orgID, a, ""); err != nil {
				if peel.ErrorCode(tx.dialect.mapError(err)) == peel.ECONFLICT {
					return peel.Errorf(peel.ECONFLICT, "%s exists already", a.Path())
				}
				return err
			}
		}
		return nil
	})
	if err != nil {
		for _, a := range list { // rolled back: none was stored
			a.ID = 0
		}
	}
	return err
}

// catalogue finds, within one transaction, the frameworks and organisations
// that a batch of assessments names, each read once.
type catalogue struct {
	tx         *tx
	frameworks map[string]*peel.Framework
	orgs       map[string]int64
}

func newCatalogue(tx *tx) *catalogue {
	return &catalogue{tx: tx, frameworks: map[string]*peel.Framework{}, orgs: map[string]int64{}}
}

// find returns the assessment's framework, its pillar there and the id of
// its organisation.
func (c *catalogue) find(ctx context.Context, a *peel.Assessment) (*peel.Framework, *peel.Pillar, int64, error) {
	fw := c.frameworks[a.Framework]
	if fw == nil {
		var err error
		if fw, err = findFrameworkBySlug(ctx, c.tx, a.Framework); err != nil {
			return nil, nil, 0, err
		}
		c.frameworks[a.Framework] = fw
	}
	p := fw.Pillar(a.Pillar)
	if p == nil {
		return nil, nil, 0, peel.Errorf(peel.EINVALID, "%s has no pillar %q", fw.Name(), a.Pillar)
	}
	orgID, ok := c.orgs[a.Organisation]
	if !ok {
		found, err := findOrganisations(ctx, c.tx, OrganisationFilter{Slug: a.Organisation})
		if err != nil {
			return nil, nil, 0, err
		} else if len(found) == 0 {
			return nil, nil, 0, peel.Errorf(peel.ENOTFOUND, "no organisation %q", a.Organisation)
		}
		orgID = found[0].ID
		c.orgs[a.Organisation] = orgID
	}
	return fw, p, orgID, nil
}
