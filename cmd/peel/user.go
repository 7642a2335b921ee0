package main

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/peel-oss/peel/internal/peel"
	"github.com/peel-oss/peel/internal/store"
	"github.com/peel-oss/peel/internal/web"
)

// passwordLinkTTL is how long a link to set a password works.
const passwordLinkTTL = 7 * 24 * time.Hour

func userCommand() *command {
	var role, organisation, baseURL string
	var passwordStdin bool
	return &command{
		name:    "user",
		summary: "add, list and disable the users who sign in to the editor",
		sub: []*command{{
			name:    "add",
			args:    "EMAIL",
			summary: "add a user; without --password-stdin, print a one-time link with which they set their password",
			flags: func(a *app, fs *flag.FlagSet) {
				names := make([]string, len(peel.Roles))
				for i, r := range peel.Roles {
					names[i] = string(r)
				}
				fs.StringVar(&role, "role", "", "the user's `ROLE` (required): "+strings.Join(names, ", "))
				fs.StringVar(&organisation, "organisation", "", "the `SLUG` of the organisation a liaison speaks for (required for a liaison, refused for the others)")
				fs.BoolVar(&passwordStdin, "password-stdin", false, "read the user's password from the first line of standard input")
				fs.StringVar(&baseURL, "base-url", a.env("PEEL_BASE_URL", "http://localhost:8080"), "the site's public `URL`, which begins the link to set a password; env PEEL_BASE_URL")
			},
			run: func(a *app, ctx context.Context, fs *flag.FlagSet) error {
				if fs.NArg() != 1 {
					return usagef("name one user by their email address")
				}
				if role == "" {
					return usagef("--role is required")
				}
				r, err := peel.ParseRole(role)
				if err != nil {
					return usagef("--role: %s", peel.ErrorMessage(err))
				}
				base, err := web.ParseBaseURL(baseURL)
				if err != nil {
					return usagef("--base-url: %s", peel.ErrorMessage(err))
				}
				u := &peel.User{Email: peel.NormalEmail(fs.Arg(0)), Role: r, Organisation: organisation}
				if err := u.Validate(); err != nil {
					return usagef("%s", peel.ErrorMessage(err))
				}
				var pw string
				if passwordStdin {
					if pw, err = readLine(a.stdin); err != nil {
						return err
					}
					if err := peel.ValidatePassword(pw); err != nil {
						return usagef("the password on standard input: %s", peel.ErrorMessage(err))
					}
				}
				st, err := a.store(ctx)
				if err != nil {
					return err
				}
				if err := st.CreateUser(ctx, u); err != nil {
					return err
				}
				if passwordStdin {
					if err := st.SetPassword(ctx, u.Email, pw); err != nil {
						return err
					}
					fmt.Fprintf(a.stdout, "user %s added as %s\n", u.Email, u.Role)
					return nil
				}
				token, expires, err := st.CreatePasswordToken(ctx, u.Email, passwordLinkTTL)
				if err != nil {
					return err
				}
				fmt.Fprintf(a.stdout, "user %s added as %s; they set their password at this link, which works once, until %s:\n%s/set-password/%s\n",
					u.Email, u.Role, expires.UTC().Format(time.RFC3339), base, token)
				return nil
			},
		}, listCommand("list every user", "EMAIL\tROLE\tORGANISATION\tSTATUS\tADDED", func(ctx context.Context, st *store.Store) ([][]string, error) {
			list, err := st.FindUsers(ctx)
			var rows [][]string
			for _, u := range list {
				status := "active"
				switch {
				case u.Disabled:
					status = "disabled"
				case !u.HasPassword:
					status = "no password yet"
				}
				rows = append(rows, []string{u.Email, string(u.Role), orDash(u.Organisation), status, u.CreatedAt.UTC().Format(time.RFC3339)})
			}
			return rows, err
		}), {
			name:    "disable",
			args:    "EMAIL",
			summary: "stop a user signing in or using their API tokens, and end their sessions",
			run: func(a *app, ctx context.Context, fs *flag.FlagSet) error {
				if fs.NArg() != 1 {
					return usagef("name one user by their email address")
				}
				st, err := a.store(ctx)
				if err != nil {
					return err
				}
				if err := st.DisableUser(ctx, fs.Arg(0)); err != nil {
					return err
				}
				fmt.Fprintf(a.stdout, "user %s disabled\n", peel.NormalEmail(fs.Arg(0)))
				return nil
			},
		}},
	}
}

func tokenCommand() *command {
	var name string
	return &command{
		name:    "token",
		summary: "add, list and revoke API tokens, with which programs write through the JSON API",
		sub: []*command{{
			name:    "add",
			args:    "EMAIL",
			summary: "make an API token that acts as the user, and print it: it is shown only this once",
			flags: func(a *app, fs *flag.FlagSet) {
				fs.StringVar(&name, "name", "", "the token's `NAME`, to tell it from others, such as the program that uses it (required)")
			},
			run: func(a *app, ctx context.Context, fs *flag.FlagSet) error {
				if fs.NArg() != 1 {
					return usagef("name one user by their email address")
				}
				if strings.TrimSpace(name) == "" {
					return usagef("--name is required")
				}
				st, err := a.store(ctx)
				if err != nil {
					return err
				}
				t, secret, err := st.CreateAPIToken(ctx, fs.Arg(0), name)
				if err != nil {
					return err
				}
				fmt.Fprintf(a.stderr, "token %d added for %s; it is shown only this once:\n", t.ID, t.Email)
				fmt.Fprintln(a.stdout, secret)
				return nil
			},
		}, listCommand("list every API token (not the tokens themselves, which are not kept)", "ID\tUSER\tADDED\tREVOKED\tNAME", func(ctx context.Context, st *store.Store) ([][]string, error) {
			list, err := st.FindAPITokens(ctx)
			var rows [][]string
			for _, t := range list {
				rows = append(rows, []string{strconv.FormatInt(t.ID, 10), t.Email, t.CreatedAt.UTC().Format(time.RFC3339), formatOptional(t.RevokedAt, "-"), t.Name})
			}
			return rows, err
		}), {
			name:    "revoke",
			args:    "ID",
			summary: "stop an API token working",
			run: func(a *app, ctx context.Context, fs *flag.FlagSet) error {
				id, err := strconv.ParseInt(fs.Arg(0), 10, 64)
				if fs.NArg() != 1 || err != nil {
					return usagef("name one token by its ID (peel token list shows them)")
				}
				st, err := a.store(ctx)
				if err != nil {
					return err
				}
				if err := st.RevokeAPIToken(ctx, id); err != nil {
					return err
				}
				fmt.Fprintf(a.stdout, "token %d revoked\n", id)
				return nil
			},
		}},
	}
}

// readLine reads the first line of r, without its line end.
func readLine(r io.Reader) (string, error) {
	line, err := bufio.NewReader(r).ReadString('\n')
	if err != nil && err != io.EOF {
		return "", err
	}
	return strings.TrimRight(line, "\r\n"), nil
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
