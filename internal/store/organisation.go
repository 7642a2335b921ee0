package store

import (
	"context"

	"github.com/peel-oss/peel/internal/peel"
)

// OrganisationFilter narrows FindOrganisations; zero fields match all.
type OrganisationFilter struct {
	Slug string
}

// AddOrganisations inserts the organisations whose slugs are not stored yet
// and leaves the others as they are. It returns how many it added.
func (s *Store) AddOrganisations(ctx context.Context, orgs []*peel.Organisation) (int, error) {
	added := 0
	err := s.inTx(ctx, func(tx *tx) error {
		for _, o := range orgs {
			if err := o.Validate(); err != nil {
				return err
			}
			res, err := tx.exec(ctx, `
				INSERT INTO organisations (slug, name, short_name, region, country, kind)
				VALUES (?, ?, ?, ?, ?, ?)
				ON CONFLICT (slug) DO NOTHING`,
				o.Slug, o.Name, o.ShortName, o.Region, o.Country, o.Kind)
			if err != nil {
				return err
			}
			n, err := res.RowsAffected()
			if err != nil {
				return err
			}
			added += int(n)
		}
		return nil
	})
	return added, err
}

// FindOrganisations returns the matching organisations by name.
func (s *Store) FindOrganisations(ctx context.Context, filter OrganisationFilter) ([]*peel.Organisation, error) {
	var orgs []*peel.Organisation
	err := s.readTx(ctx, func(tx *tx) (err error) {
		orgs, err = findOrganisations(ctx, tx, filter)
		return err
	})
	return orgs, err
}

// FindOrganisationBySlug returns one organisation, or ENOTFOUND.
func (s *Store) FindOrganisationBySlug(ctx context.Context, slug string) (*peel.Organisation, error) {
	if slug == "" { // to the filter, "" means any
		return nil, peel.Errorf(peel.ENOTFOUND, "no organisation %q", slug)
	}
	orgs, err := s.FindOrganisations(ctx, OrganisationFilter{Slug: slug})
	if err != nil {
		return nil, err
	} else if len(orgs) == 0 {
		return nil, peel.Errorf(peel.ENOTFOUND, "no organisation %q", slug)
	}
	return orgs[0], nil
}

func findOrganisations(ctx context.Context, tx *tx, filter OrganisationFilter) ([]*peel.Organisation, error) {
	var orgs []*peel.Organisation
	err := scanRows(ctx, tx, func(scan func(...any) error) error {
		o := &peel.Organisation{}
		orgs = append(orgs, o)
		return scan(&o.ID, &o.Slug, &o.Name, &o.ShortName, &o.Region, &o.Country, &o.Kind)
	}, `
		SELECT id, slug, name, short_name, region, country, kind
		FROM organisations
		WHERE (? = '' OR slug = ?)
		ORDER BY name`, filter.Slug, filter.Slug)
	return orgs, err
}
