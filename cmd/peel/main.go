// Command peel runs and publishes graded inspection assessments: it serves
// the public site and reads and writes pages, frameworks, notices and users.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"github.com/peel-oss/peel/internal/peel"
	"github.com/peel-oss/peel/internal/reference"
	"github.com/peel-oss/peel/internal/store"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	os.Exit(Run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr, os.Getenv))
}

// Exit statuses.
const (
	exitOK      = 0
	exitRefused = 1 // some input was refused, or something failed
	exitUsage   = 2
)

// Config is what the global options and the environment say.
type Config struct {
	Database string
}

// app is one run of the command: its configuration and where it talks.
type app struct {
	Config
	stdin          io.Reader
	stdout, stderr io.Writer
	getenv         func(string) string
	st             *store.Store // opened by the first command that needs it
}

// command is one of peel's commands, or a group of sub-commands.
type command struct {
	name    string
	args    string // how its arguments are written, for the usage text
	summary string
	flags   func(a *app, fs *flag.FlagSet) // declares its options, if any
	run     func(a *app, ctx context.Context, fs *flag.FlagSet) error
	sub     []*command
}

func commands() []*command {
	return []*command{
		serveCommand(),
		migrateCommand(),
		importCommand(),
		importGradesCommand(),
		exportCommand(),
		exportSiteCommand(),
		checkCommand(),
		publishCommand(),
		withdrawCommand(),
		importPublicationCommand(),
		importOutcomesCommand(),
		importRecommendationsCommand(),
		recommendationCommand(),
		publicationCommand(),
		responseCommand(),
		frameworkCommand(),
		organisationCommand(),
		noticeCommand(),
		userCommand(),
		tokenCommand(),
		auditCommand(),
		backupCommand(),
		restoreCommand(),
		genCommand(),
	}
}

// usageError is a mistake in how the command was called: exit status 2.
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error {
	return &usageError{fmt.Sprintf(format, args...)}
}

// refused is returned when some input was refused and has been reported
// already: exit status 1 with nothing more to say.
var refused = errors.New("some input was refused")

// Run runs peel with the arguments (without the program name) and returns
// its exit status.
func Run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer, getenv func(string) string) int {
	a := &app{stdin: stdin, stdout: stdout, stderr: stderr, getenv: getenv}
	defer func() {
		if a.st != nil {
			a.st.Close()
		}
	}()
	global := flag.NewFlagSet("peel", flag.ContinueOnError)
	global.SetOutput(io.Discard)
	global.StringVar(&a.Database, "database", a.env("PEEL_DATABASE", "peel.db"), "the `DATABASE`: a SQLite file, created if missing, or a PostgreSQL URL (postgres://…); env PEEL_DATABASE")
	cmds := commands()
	if err := global.Parse(args); errors.Is(err, flag.ErrHelp) {
		a.usage(stdout, global, cmds)
		return exitOK
	} else if err != nil {
		fmt.Fprintf(stderr, "peel: %v\n", err)
		a.usage(stderr, global, cmds)
		return exitUsage
	}
	if global.NArg() == 0 {
		a.usage(stderr, global, cmds)
		return exitUsage
	}
	if global.Arg(0) == "help" {
		a.usage(stdout, global, cmds)
		return exitOK
	}
	// Commands act as the operator of the machine they run on, and the
	// audit log says so.
	return a.dispatch(store.WithActor(ctx, operator(getenv)), []string{"peel"}, cmds, global.Args())
}

// operator names who runs a command, for the audit log: "operator", with
// the system's name for the user where it is known.
func operator(getenv func(string) string) string {
	if u := getenv("USER"); u != "" {
		return "operator (" + u + ")"
	}
	return "operator"
}

// dispatch finds the command named by args[0] among cmds and runs it.
func (a *app) dispatch(ctx context.Context, path []string, cmds []*command, args []string) int {
	var cmd *command
	for _, c := range cmds {
		if len(args) > 0 && c.name == args[0] {
			cmd = c
		}
	}
	if cmd == nil {
		if len(args) == 0 {
			fmt.Fprintf(a.stderr, "%s: a command is needed\n", strings.Join(path, " "))
		} else {
			fmt.Fprintf(a.stderr, "%s: unknown command %q\n", strings.Join(path, " "), args[0])
		}
		fmt.Fprintf(a.stderr, "Run '%s --help' for the commands.\n", strings.Join(path, " "))
		return exitUsage
	}
	path = append(path, cmd.name)
	name := strings.Join(path, " ")
	if cmd.sub != nil {
		if len(args) > 1 && (args[1] == "--help" || args[1] == "-help" || args[1] == "-h") {
			fmt.Fprintf(a.stdout, "Usage: %s COMMAND\n\n%s\n\nCommands:\n", name, cmd.summary)
			listCommands(a.stdout, cmd.sub)
			return exitOK
		}
		return a.dispatch(ctx, path, cmd.sub, args[1:])
	}
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	if cmd.flags != nil {
		cmd.flags(a, fs)
	}
	help := func(w io.Writer) {
		fmt.Fprintf(w, "Usage: %s", name)
		if hasFlags(fs) {
			fmt.Fprint(w, " [options]")
		}
		if cmd.args != "" {
			fmt.Fprintf(w, " %s", cmd.args)
		}
		fmt.Fprintf(w, "\n\n%s\n", cmd.summary)
		if hasFlags(fs) {
			fmt.Fprintln(w, "\nOptions:")
			printFlags(w, fs)
		}
	}
	if err := parseInterspersed(fs, args[1:]); errors.Is(err, flag.ErrHelp) {
		help(a.stdout)
		return exitOK
	} else if err != nil {
		fmt.Fprintf(a.stderr, "%s: %v\n", name, err)
		help(a.stderr)
		return exitUsage
	}
	err := cmd.run(a, ctx, fs)
	var ue *usageError
	switch {
	case err == nil:
		return exitOK
	case errors.As(err, &ue):
		fmt.Fprintf(a.stderr, "%s: %s\n", name, ue.msg)
		help(a.stderr)
		return exitUsage
	case errors.Is(err, refused):
		return exitRefused
	case peel.ErrorCode(err) != peel.EINTERNAL:
		fmt.Fprintf(a.stderr, "%s: %s\n", name, peel.ErrorMessage(err))
	default:
		fmt.Fprintf(a.stderr, "%s: %v\n", name, err)
	}
	return exitRefused
}

func (a *app) usage(w io.Writer, global *flag.FlagSet, cmds []*command) {
	fmt.Fprint(w, `Usage: peel [global options] COMMAND [options] [arguments]

peel runs and publishes graded inspection assessments.

Commands:
`)
	listCommands(w, cmds)
	fmt.Fprintln(w, "\nGlobal options (before the command):")
	printFlags(w, global)
	fmt.Fprintln(w, "\nRun 'peel COMMAND --help' for a command's options.")
}

func listCommands(w io.Writer, cmds []*command) {
	for _, c := range cmds {
		fmt.Fprintf(w, "  %-14s %s\n", c.name, c.summary)
	}
}

// printFlags lists every option with its default, written --name VALUE.
func printFlags(w io.Writer, fs *flag.FlagSet) {
	fs.VisitAll(func(f *flag.Flag) {
		value, usage := flag.UnquoteUsage(f)
		if value == "string" {
			value = strings.ToUpper(f.Name)
		}
		if value != "" {
			value = " " + value
		}
		fmt.Fprintf(w, "  --%s%s\n      %s", f.Name, value, usage)
		if f.DefValue != "" && f.DefValue != "false" {
			fmt.Fprintf(w, " (default %q)", f.DefValue)
		}
		fmt.Fprintln(w)
	})
}

// parseInterspersed parses a command's options wherever they stand among
// its arguments, so that "peel import page.txt --draft" imports a draft
// rather than publishing page.txt and looking for a file named --draft.
// After "--" everything is an argument.
func parseInterspersed(fs *flag.FlagSet, args []string) error {
	var positional []string
	for {
		if err := fs.Parse(args); err != nil {
			return err
		}
		rest := fs.Args()
		if len(rest) == 0 {
			break
		}
		if n := len(args) - len(rest); n > 0 && args[n-1] == "--" {
			positional = append(positional, rest...)
			break
		}
		positional, args = append(positional, rest[0]), rest[1:]
	}
	// Leave the arguments where the commands read them: fs.Args.
	return fs.Parse(append([]string{"--"}, positional...))
}

func hasFlags(fs *flag.FlagSet) bool {
	n := 0
	fs.VisitAll(func(*flag.Flag) { n++ })
	return n > 0
}

// env returns the environment variable's value, or def when it is unset.
func (a *app) env(name, def string) string {
	if v := a.getenv(name); v != "" {
		return v
	}
	return def
}

// store opens the database the first time a command asks, checks its
// schema is the one this peel needs (SQLite brings its own up to date) and
// fills in the reference data it lacks; Run closes it.
func (a *app) store(ctx context.Context) (*store.Store, error) {
	if a.st != nil {
		return a.st, nil
	}
	st, err := store.Open(ctx, a.Database)
	if err != nil {
		return nil, err
	}
	a.st = st
	if err := st.CheckSchema(ctx); err != nil {
		return nil, err
	}
	if err := reference.Load(ctx, st); err != nil {
		return nil, err
	}
	return st, nil
}

// eachFile hands each named file to fn and prints "FILE: " and what fn says
// it did, or fn's error, which names the file itself. A file that is
// refused does not stop the others; the result is refused if any was.
func (a *app) eachFile(names []string, fn func(name string, data []byte) (string, error)) error {
	failed := false
	for _, name := range names {
		data, err := os.ReadFile(name)
		var did string
		if err == nil {
			did, err = fn(name, data)
		}
		if err != nil {
			fmt.Fprintln(a.stderr, err)
			failed = true
			continue
		}
		fmt.Fprintf(a.stdout, "%s: %s\n", name, did)
	}
	if failed {
		return refused
	}
	return nil
}

func migrateCommand() *command {
	return &command{
		name:    "migrate",
		summary: "bring the database's schema up to date (SQLite does this on every start)",
		run: func(a *app, ctx context.Context, fs *flag.FlagSet) error {
			if fs.NArg() > 0 {
				return usagef("takes no arguments")
			}
			st, err := store.Open(ctx, a.Database)
			if err != nil {
				return err
			}
			a.st = st
			before, err := st.SchemaVersion(ctx)
			if err != nil {
				return err
			}
			if err := st.Migrate(ctx); err != nil {
				return err
			}
			if _, err := a.store(ctx); err != nil {
				return err
			}
			after, err := st.SchemaVersion(ctx)
			if err != nil {
				return err
			}
			if after == before {
				fmt.Fprintf(a.stdout, "schema at version %d: up to date\n", after)
			} else {
				fmt.Fprintf(a.stdout, "schema migrated from version %d to %d\n", before, after)
			}
			return nil
		},
	}
}
