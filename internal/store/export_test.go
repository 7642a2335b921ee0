package store

import (
	"database/sql"
	"strings"
	"time"
)

// The package's tests live in store_test, so that they can load reference
// data through the fixture package (which imports store). These give them
// what the store's API does not show.

// DB returns the database under a store, to check pragmas and rows that no
// exported method reads.
func DB(s *Store) *sql.DB { return s.db }

// Rebind puts a query written with ? placeholders, as the store's own are,
// into the store's dialect, for running it on DB.
func Rebind(s *Store, query string) string { return s.dialect.rebind(query) }

// SetNow makes the store read the time from now, so that stored times can be
// checked exactly. Call it before the store is used.
func SetNow(s *Store, now func() time.Time) { s.now = now }

// SetSearchLimits makes Search count no further than count and rank no more
// than rank matches, so that a few assessments can show what many do.
func SetSearchLimits(s *Store, count, rank int) { s.limits = searchLimits{count, rank} }

// MigrationVersion returns the number of the store's migration whose name
// ends in _name.sql, or 0.
func MigrationVersion(s *Store, name string) int {
	files, _, err := s.migrationFiles()
	if err != nil {
		return 0
	}
	for v, file := range files {
		if strings.HasSuffix(file, "_"+name+".sql") {
			return v
		}
	}
	return 0
}

// Migrations returns how many migrations the store has: their numbers may
// leave gaps, where branches took numbers of their own.
func Migrations(s *Store) int {
	_, versions, _ := s.migrationFiles()
	return len(versions)
}
