package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"text/tabwriter"
)

const orgsUsage = `usage: planner orgs list

  list             every organisation of the network: id, name, country;
                   --org of "planner user add" takes the id or the name
                   (case does not matter, the country may follow it)`

// runOrgs implements "planner orgs list".
func runOrgs(ctx context.Context, cfg Config, args []string, stdout io.Writer) error {
	if len(args) == 0 {
		return errors.New(orgsUsage)
	}
	switch args[0] {
	case "list":
		if len(args) > 1 {
			return fmt.Errorf("want no arguments, got %q\n%s", args[1:], orgsUsage)
		}
		_, orgs, closeDB, err := openUsers(ctx, cfg)
		if err != nil {
			return err
		}
		defer closeDB()
		list, err := orgs.Organisations(ctx)
		if err != nil {
			return err
		}
		w := tabwriter.NewWriter(stdout, 0, 0, 2, ' ', 0)
		fmt.Fprintln(w, "ID\tNAME\tCOUNTRY")
		for _, o := range list {
			fmt.Fprintf(w, "%s\t%s\t%s\n", o.ID, o.Name, cellOrDash(o.Country))
		}
		return w.Flush()
	case "help", "-h", "--help":
		fmt.Fprintln(stdout, orgsUsage)
		return nil
	}
	return fmt.Errorf("unknown command %q\n%s", "orgs "+args[0], orgsUsage)
}
