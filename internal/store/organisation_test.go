package store_test

import (
	"context"
	"fmt"
	"slices"
	"testing"

	"github.com/peel-oss/peel/internal/fixture"
	"github.com/peel-oss/peel/internal/peel"
	"github.com/peel-oss/peel/internal/reference"
	"github.com/peel-oss/peel/internal/store"
)

func TestAddOrganisations(t *testing.T) {
	t.Parallel()
	ctx := context.Background()

	eachBackend(t, func(t *testing.T, b fixture.Backend) {
		t.Run("OK", func(t *testing.T) {
			st := openStore(t, b)
			if n, err := st.AddOrganisations(ctx, sampleOrganisations()[:1]); err != nil {
				t.Fatal(err)
			} else if n != 1 {
				t.Fatalf("added %d, want 1", n)
			}

			// The stored one is left as it was, even when given with other
			// words; only the missing one is added.
			changed := sampleOrganisations()
			changed[0].Name = "Renamed Sample Force"
			if n, err := st.AddOrganisations(ctx, changed); err != nil {
				t.Fatal(err)
			} else if n != 1 {
				t.Fatalf("added %d, want 1 (only the missing one)", n)
			}
			if n, err := st.AddOrganisations(ctx, sampleOrganisations()); err != nil {
				t.Fatal(err)
			} else if n != 0 {
				t.Fatalf("added %d when all are stored, want 0", n)
			}

			o, err := st.FindOrganisationBySlug(ctx, "sample-force")
			if err != nil {
				t.Fatal(err)
			}
			want := sampleOrganisations()[0]
			if o.ID == 0 || o.Slug != want.Slug || o.Name != want.Name || o.ShortName != want.ShortName ||
				o.Region != want.Region || o.Country != want.Country || o.Kind != want.Kind {
				t.Fatalf("stored %+v, want %+v with an ID", o, want)
			}
		})

		t.Run("Reference", func(t *testing.T) {
			st := b.Open(t)
			orgs, err := st.FindOrganisations(ctx, store.OrganisationFilter{})
			if err != nil {
				t.Fatal(err)
			}
			if len(orgs) != 43 {
				t.Fatalf("reference data gives %d organisations, want the 43 territorial forces", len(orgs))
			}
			for i, o := range orgs {
				if o.Kind != peel.KindTerritorialForce {
					t.Errorf("%s: kind %q, want %q", o.Slug, o.Kind, peel.KindTerritorialForce)
				}
				if i > 0 && orgs[i-1].Name > o.Name {
					t.Errorf("organisations not in order of name: %q before %q", orgs[i-1].Name, o.Name)
				}
			}

			// Loading the reference data again adds nothing.
			forces, err := reference.Forces()
			if err != nil {
				t.Fatal(err)
			}
			if n, err := st.AddOrganisations(ctx, forces); err != nil {
				t.Fatal(err)
			} else if n != 0 {
				t.Fatalf("added %d forces again, want 0", n)
			}
		})

		t.Run("ErrInvalid", func(t *testing.T) {
			for _, tt := range []struct {
				name string
				org  peel.Organisation
			}{
				{"BadSlug", peel.Organisation{Slug: "Bad Slug", Name: "Bad Force", ShortName: "Bad"}},
				{"NoName", peel.Organisation{Slug: "nameless", ShortName: "Nameless"}},
				{"NoShortName", peel.Organisation{Slug: "shortless", Name: "Shortless Force"}},
			} {
				t.Run(tt.name, func(t *testing.T) {
					st := openStore(t, b)
					// The valid one before it is not added either: all or nothing.
					_, err := st.AddOrganisations(ctx, append(sampleOrganisations(), &tt.org))
					wantCode(t, err, peel.EINVALID)
					if orgs, err := st.FindOrganisations(ctx, store.OrganisationFilter{}); err != nil {
						t.Fatal(err)
					} else if len(orgs) != 0 {
						t.Fatalf("%d organisations stored after a failed add, want 0", len(orgs))
					}
				})
			}
		})
	})
}

func TestFindOrganisationBySlug(t *testing.T) {
	t.Parallel()
	ctx := context.Background()

	eachBackend(t, func(t *testing.T, b fixture.Backend) {
		st := b.Open(t)

		t.Run("OK", func(t *testing.T) {
			o, err := st.FindOrganisationBySlug(ctx, "kent")
			if err != nil {
				t.Fatal(err)
			}
			if o.Slug != "kent" || o.Name != "Kent Police" || o.ShortName != "Kent" || o.Region != "South East" || o.Country != "England" {
				t.Fatalf("got %+v", o)
			}
		})

		t.Run("ErrNotFound", func(t *testing.T) {
			for _, slug := range []string{"sample-nowhere", "Kent", ""} {
				o, err := st.FindOrganisationBySlug(ctx, slug)
				if o != nil {
					t.Errorf("slug %q: got %+v, want none", slug, o)
				}
				if peel.ErrorCode(err) != peel.ENOTFOUND {
					t.Errorf("slug %q: error %v, want code %q", slug, err, peel.ENOTFOUND)
				}
			}
		})
	})
}

func TestFindOrganisations(t *testing.T) {
	t.Parallel()
	ctx := context.Background()

	eachBackend(t, func(t *testing.T, b fixture.Backend) {
		st := sampleStore(t, b)

		for _, tt := range []struct {
			name   string
			filter store.OrganisationFilter
			want   []string
		}{
			{"All", store.OrganisationFilter{}, []string{"other-force", "sample-force"}}, // by name
			{"BySlug", store.OrganisationFilter{Slug: "sample-force"}, []string{"sample-force"}},
			{"NoMatch", store.OrganisationFilter{Slug: "sample-nowhere"}, nil},
		} {
			t.Run(tt.name, func(t *testing.T) {
				orgs, err := st.FindOrganisations(ctx, tt.filter)
				if err != nil {
					t.Fatal(err)
				}
				var got []string
				for _, o := range orgs {
					got = append(got, o.Slug)
				}
				if !slices.Equal(got, tt.want) {
					t.Fatalf("got %v, want %v", got, tt.want)
				}
			})
		}

		t.Run("ByteOrder", func(t *testing.T) {
			// Names are in the order of their bytes, as SQLite compares
			// them, whatever the language a PostgreSQL database was made
			// for: a language's order could put any of these first.
			st := openStore(t, b)
			names := []string{"north-east Sample Force", "Northsample Force", "North Sample Force", "NORTH Sample Force", "Nörth Sample Force"}
			var orgs []*peel.Organisation
			for i, name := range names {
				orgs = append(orgs, &peel.Organisation{Slug: fmt.Sprintf("sample-%d", i+1), Name: name, ShortName: fmt.Sprintf("Sample %d", i+1)})
			}
			if _, err := st.AddOrganisations(ctx, orgs); err != nil {
				t.Fatal(err)
			}
			found, err := st.FindOrganisations(ctx, store.OrganisationFilter{})
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, o := range found {
				got = append(got, o.Name)
			}
			if want := sorted(names); !slices.Equal(got, want) {
				t.Fatalf("got\n%q\nwant\n%q", got, want)
			}
		})
	})
}
