package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"strings"
	"text/tabwriter"

	"github.com/google/uuid"

	"github.com/creativeclusters/planner/auth"
	"github.com/creativeclusters/planner/domain"
	"github.com/creativeclusters/planner/domain/network"
	"github.com/creativeclusters/planner/eventstore"
)

const userUsage = `usage: planner user <command>

  add --name N --email E [--org ORG] --role ROLE
                   add a user and print its first bearer token (last line);
                   ORG is an organisation's id or name as printed
                   (planner orgs list; case does not matter), ROLE one of
                   ADMIN, PLANNER, REVIEWER, VIEWER
  revoke ID        revoke a token, or every token of a user
  list             list users, erased ones included
  erase ID         erase a user's name and email for good; its revisions
                   stay, attributed to a pseudonym`

// runUser implements "planner user add|revoke|list|erase".
func runUser(ctx context.Context, cfg Config, args []string, stdout io.Writer) error {
	if len(args) == 0 {
		return errors.New(userUsage)
	}
	switch args[0] {
	case "add":
		return runUserAdd(ctx, cfg, args[1:], stdout)
	case "revoke":
		return runUserRevoke(ctx, cfg, args[1:], stdout)
	case "list":
		return runUserList(ctx, cfg, args[1:], stdout)
	case "erase":
		return runUserErase(ctx, cfg, args[1:], stdout)
	case "help", "-h", "--help":
		fmt.Fprintln(stdout, userUsage)
		return nil
	}
	return fmt.Errorf("unknown command %q\n%s", "user "+args[0], userUsage)
}

func runUserAdd(ctx context.Context, cfg Config, args []string, stdout io.Writer) error {
	fs := newUserFlags("add [flags]")
	var in auth.NewUser
	var role string
	fs.StringVar(&in.Name, "name", "", "the person's name")
	fs.StringVar(&in.Email, "email", "", "the person's email address")
	fs.StringVar(&in.Org, "org", "", "the organisation's id or name as printed by planner orgs list (none if empty)")
	fs.StringVar(&role, "role", "", "ADMIN, PLANNER, REVIEWER or VIEWER")
	if done, err := parseUserFlags(fs, args, 0, stdout); done || err != nil {
		return err
	}
	in.Role = domain.Role(strings.ToUpper(strings.TrimSpace(role)))

	users, orgs, closeDB, err := openUsers(ctx, cfg)
	if err != nil {
		return err
	}
	defer closeDB()
	u, token, err := users.AddUser(ctx, in)
	if err != nil {
		return userFlagErrors(err)
	}
	tokens, err := users.Tokens(ctx, u.ID)
	if err != nil {
		return err
	}
	w := tabwriter.NewWriter(stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintf(w, "Added user\t%s\n", u.ID)
	fmt.Fprintf(w, "  name\t%s\n", u.Name)
	fmt.Fprintf(w, "  email\t%s\n", u.Email)
	fmt.Fprintf(w, "  role\t%s\n", u.Role)
	fmt.Fprintf(w, "  organisation\t%s\n", userOrganisationLabel(ctx, orgs, u.OrganisationID))
	if len(tokens) > 0 {
		fmt.Fprintf(w, "  token id\t%s\t(planner user revoke %s)\n", tokens[0].ID, tokens[0].ID)
	}
	if err := w.Flush(); err != nil {
		return err
	}
	if u.OrganisationID == uuid.Nil && (u.Role == domain.RolePlanner || u.Role == domain.RoleReviewer) {
		fmt.Fprintf(stdout, "Note: a %s without an organisation edits no document and counts for no country.\n", u.Role)
	}
	fmt.Fprintln(stdout, "Bearer token (shown only now; send it as \"Authorization: Bearer <token>\"):")
	fmt.Fprintln(stdout, token)
	return nil
}

func runUserRevoke(ctx context.Context, cfg Config, args []string, stdout io.Writer) error {
	fs := newUserFlags("revoke ID")
	if done, err := parseUserFlags(fs, args, 1, stdout); done || err != nil {
		return err
	}
	id, err := parseUserOrTokenID(fs.Arg(0))
	if err != nil {
		return err
	}
	users, _, closeDB, err := openUsers(ctx, cfg)
	if err != nil {
		return err
	}
	defer closeDB()
	r, err := users.Revoke(ctx, id)
	if err != nil {
		return err
	}
	switch {
	case r.UserID == id:
		fmt.Fprintf(stdout, "Revoked %d live token(s) of user %s; they fail from the next request on.\n", r.Tokens, id)
	case r.Tokens == 0:
		fmt.Fprintf(stdout, "Token %s of user %s was already revoked.\n", id, r.UserID)
	default:
		fmt.Fprintf(stdout, "Revoked token %s of user %s; it fails from the next request on.\n", id, r.UserID)
	}
	return nil
}

func runUserList(ctx context.Context, cfg Config, args []string, stdout io.Writer) error {
	fs := newUserFlags("list")
	if done, err := parseUserFlags(fs, args, 0, stdout); done || err != nil {
		return err
	}
	users, orgs, closeDB, err := openUsers(ctx, cfg)
	if err != nil {
		return err
	}
	defer closeDB()
	list, err := users.List(ctx)
	if err != nil {
		return err
	}
	w := tabwriter.NewWriter(stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(w, "ID\tNAME\tEMAIL\tROLE\tORGANISATION\tTOKENS\tCREATED\tERASED")
	for _, u := range list {
		erased := "-"
		if u.Erased() {
			erased = u.ErasedAt.Format("2006-01-02")
		}
		fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%s\t%d\t%s\t%s\n", u.ID, u.Name, cellOrDash(u.Email), u.Role,
			userOrganisationLabel(ctx, orgs, u.OrganisationID), u.LiveTokens, u.CreatedAt.Format("2006-01-02"), erased)
	}
	return w.Flush()
}

func runUserErase(ctx context.Context, cfg Config, args []string, stdout io.Writer) error {
	fs := newUserFlags("erase ID")
	if done, err := parseUserFlags(fs, args, 1, stdout); done || err != nil {
		return err
	}
	id, err := parseUserOrTokenID(fs.Arg(0))
	if err != nil {
		return err
	}
	users, _, closeDB, err := openUsers(ctx, cfg)
	if err != nil {
		return err
	}
	defer closeDB()
	if err := users.Erase(ctx, id); err != nil {
		return err
	}
	u, err := users.Get(ctx, id)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "Erased user %s: name and email are deleted, its tokens revoked; its revisions now show as %q.\n", id, u.Name)
	return nil
}

// runDemoTokens implements "planner demo-tokens": one demo user per role in
// the seeded network, each with a fresh token (older demo tokens stop
// working).
func runDemoTokens(ctx context.Context, cfg Config, stdout io.Writer) error {
	users, _, closeDB, err := openUsers(ctx, cfg)
	if err != nil {
		return err
	}
	defer closeDB()
	demo, err := users.EnsureDemoUsers(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintln(stdout, "Demo users and fresh bearer tokens (tokens printed before no longer work):")
	fmt.Fprintln(stdout)
	w := tabwriter.NewWriter(stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(w, "ROLE\tUSER\tORGANISATION\tTOKEN")
	for _, d := range demo {
		org := "-"
		if d.Organisation != "" {
			org = d.Organisation + " (" + cellOrDash(d.Country) + ")"
		}
		fmt.Fprintf(w, "%s\t%s\t%s\t%s\n", d.Role, d.Name, org, d.Token)
	}
	if err := w.Flush(); err != nil {
		return err
	}
	for _, d := range demo {
		if d.Note != "" {
			fmt.Fprintf(stdout, "Note: %s: %s\n", d.Name, d.Note)
		}
	}
	if len(demo) > 0 {
		// The GraphQL endpoint's path is the one `planner serve` mounts.
		fmt.Fprintf(stdout, "\nTry it (%s):\n\n", demo[0].Name)
		fmt.Fprintf(stdout, "  curl -s http://%s/graphql \\\n", curlAddr(cfg.Addr))
		fmt.Fprintf(stdout, "    -H 'Authorization: Bearer %s' \\\n", demo[0].Token)
		fmt.Fprintln(stdout, `    -H 'Content-Type: application/json' \`)
		fmt.Fprintln(stdout, `    -d '{"query":"{ viewer { id name role erased } }"}'`)
	}
	return nil
}

// openUsers opens the database and the user store over it; the event
// store is needed to find organisations and their countries.
func openUsers(ctx context.Context, cfg Config) (*auth.Users, *auth.NetworkResolver, func(), error) {
	pool, err := openPool(ctx, cfg)
	if err != nil {
		return nil, nil, nil, err
	}
	registry := domain.NewRegistry()
	network.RegisterEvents(registry)
	orgs := auth.NewNetworkResolver(eventstore.New(pool, registry), auth.NetworkResolverConfig{})
	return auth.NewUsers(pool, orgs), orgs, pool.Close, nil
}

func newUserFlags(name string) *flag.FlagSet {
	fs := flag.NewFlagSet("planner user "+name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	return fs
}

// parseUserFlags parses args and wants exactly positional arguments after
// the flags. done is set when help was asked for and printed.
func parseUserFlags(fs *flag.FlagSet, args []string, positional int, stdout io.Writer) (done bool, err error) {
	usage := func() string {
		var b strings.Builder
		fmt.Fprintf(&b, "usage: %s\n", fs.Name())
		fs.SetOutput(&b)
		fs.PrintDefaults()
		fs.SetOutput(io.Discard)
		return b.String()
	}
	if err := fs.Parse(args); errors.Is(err, flag.ErrHelp) {
		fmt.Fprint(stdout, usage())
		return true, nil
	} else if err != nil {
		return false, fmt.Errorf("%w\n%s", err, strings.TrimSpace(usage()))
	}
	if fs.NArg() != positional {
		return false, fmt.Errorf("want %d argument(s), got %q\n%s", positional, fs.Args(), strings.TrimSpace(usage()))
	}
	return false, nil
}

func parseUserOrTokenID(s string) (uuid.UUID, error) {
	id, err := uuid.Parse(s)
	if err != nil {
		return uuid.Nil, fmt.Errorf("%q is not a user or token id: %w", s, err)
	}
	return id, nil
}

// userFlagErrors names the flags of a validation error (--email rather than
// email); other errors pass unchanged.
func userFlagErrors(err error) error {
	var verr *domain.ValidationError
	if !errors.As(err, &verr) {
		return err
	}
	lines := make([]string, len(verr.Fields))
	for i, f := range verr.Fields {
		lines[i] = fmt.Sprintf("  --%s: %s", strings.Join(f.Path, "."), f.Message)
	}
	return fmt.Errorf("invalid user:\n%s", strings.Join(lines, "\n"))
}

// userOrganisationLabel shows an organisation as "Name (CC)", or as its id
// when it cannot be found.
func userOrganisationLabel(ctx context.Context, orgs *auth.NetworkResolver, id uuid.UUID) string {
	if id == uuid.Nil {
		return "-"
	}
	if o, err := orgs.Organisation(ctx, id); err == nil {
		return o.Label()
	}
	return id.String()
}

func cellOrDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// curlAddr turns a listen address into one a client on this machine can
// use: a wildcard host becomes the loopback address.
func curlAddr(listen string) string {
	host, port, err := net.SplitHostPort(listen)
	if err != nil {
		return listen
	}
	if ip := net.ParseIP(host); host == "" || (ip != nil && ip.IsUnspecified()) {
		host = "127.0.0.1"
	}
	return net.JoinHostPort(host, port)
}
