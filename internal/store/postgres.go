package store

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"io"
	"net"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" driver
)

var postgresDialect = dialect{
	name:        "postgres",
	rebind:      rebindPostgres,
	unavailable: postgresUnavailable,
	// Writers wait for each other, as SQLite's do, so that two imports of
	// one page neither both insert it nor both make the same version. The
	// lock is the schema's, as a SQLite file's is the file's: peels that
	// share a database but not a schema do not wait for each other.
	// Readers never wait for it.
	lockWrites: `SELECT pg_advisory_xact_lock(7244511, hashtext(current_schema()))`,
	search:     postgresSearch,
	pubSearch:  postgresPublicationSearch,
}

// openPostgres connects to PostgreSQL and checks the schema is the one this
// build needs, unless it is empty: Migrate then creates it.
func openPostgres(ctx context.Context, url string) (*Store, error) {
	db, err := sql.Open("pgx", url)
	if err != nil {
		return nil, fmt.Errorf("open PostgreSQL: %w", err)
	}
	// Connections that PostgreSQL dropped (a restart) are not kept for long.
	db.SetConnMaxIdleTime(time.Minute)
	db.SetMaxOpenConns(20)
	// Keep them, rather than Go's default of two idle: under load, closing
	// and reopening connections made the slowest requests take a second.
	db.SetMaxIdleConns(20)
	s := &Store{db: db, dialect: postgresDialect, now: time.Now}
	if err := s.Ping(ctx); err != nil {
		db.Close()
		return nil, err
	}
	return s, nil
}

// postgresNow is the database's clock as SQLite's reads: the time the
// statement started, not the transaction, to the millisecond, as every time
// is stored.
const postgresNow = `date_trunc('milliseconds', statement_timestamp())`

// rebindPostgres numbers the ? placeholders ($1, $2, …) and puts in the
// database's clock. Queries are written without ? in literals.
func rebindPostgres(q string) string {
	q = strings.ReplaceAll(q, "{{now}}", postgresNow)
	if !strings.Contains(q, "?") {
		return q
	}
	var b strings.Builder
	n := 0
	for _, r := range q {
		if r == '?' {
			n++
			b.WriteString("$" + strconv.Itoa(n))
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// postgresUnavailable reports whether err means PostgreSQL is out of reach
// or going away (a restart, a cut connection), rather than that it refused
// a statement.
func postgresUnavailable(err error) bool {
	var pe *pgconn.PgError
	var ce *pgconn.ConnectError
	var ne net.Error
	switch {
	case errors.As(err, &pe):
		// Class 08: connection exception; 57P01-03: shutting down, or not
		// yet accepting connections.
		return strings.HasPrefix(pe.Code, "08") || pe.Code == "57P01" || pe.Code == "57P02" || pe.Code == "57P03"
	case errors.As(err, &ce), errors.As(err, &ne):
		return true
	}
	// ErrConnClosed: pgx had already closed a pooled connection, whose
	// socket went away, by the time the statement was to be sent on it.
	return errors.Is(err, driver.ErrBadConn) || errors.Is(err, pgconn.ErrConnClosed) || errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) ||
		errors.Is(err, syscall.ECONNREFUSED) || errors.Is(err, syscall.ECONNRESET) || errors.Is(err, syscall.EPIPE) ||
		errors.Is(err, net.ErrClosed) || pgconn.Timeout(err)
}
