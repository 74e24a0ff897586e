package seed

import (
	"bufio"
	_ "embed"
	"fmt"
	"strings"
)

// document is the text the project started from: the Creative Clusters
// project description and its partner list.
//
//go:embed creative-clusters.txt
var document string

// Partner is one organisation as the seed document lists it.
type Partner struct {
	Name    string
	Lead    bool
	Address string
	City    string
	Phone   string
	Website string
	Contact string
	Email   string
}

// Partners parses the partner list of the seed document: blocks that start
// with the organisation's name and continue with "key: value" lines.
func Partners() ([]Partner, error) {
	return parsePartners(document)
}

func parsePartners(text string) ([]Partner, error) {
	var (
		partners []Partner
		current  *Partner
		previous string // the last non-blank line, a name candidate
	)
	sc := bufio.NewScanner(strings.NewReader(text))
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" {
			continue
		}
		key, value, isField := strings.Cut(line, ":")
		key = strings.ToLower(strings.TrimSpace(key))
		value = strings.TrimSpace(value)
		if !isField || !knownField(key) {
			previous = line
			continue
		}
		if key == "address" {
			name, lead := strings.CutSuffix(previous, "(Lead Partner)")
			partners = append(partners, Partner{Name: strings.TrimSpace(name), Lead: lead})
			current = &partners[len(partners)-1]
		}
		if current == nil {
			return nil, fmt.Errorf("seed: %q before any organisation", line)
		}
		switch key {
		case "address":
			current.Address = value
			current.City = cityOf(value)
		case "phone":
			current.Phone = value
		case "website":
			// The document has "www.facebook.com/groups/ rietavomuc/".
			current.Website = strings.ReplaceAll(value, " ", "")
		case "contact person":
			current.Contact = value
		case "e-mail":
			current.Email = value
		}
	}
	if len(partners) == 0 {
		return nil, fmt.Errorf("seed: no organisations found")
	}
	for _, p := range partners {
		if _, ok := Locations[p.City]; !ok {
			return nil, fmt.Errorf("seed: %s: no location for its address %q", p.Name, p.Address)
		}
	}
	return partners, sc.Err()
}

func knownField(key string) bool {
	switch key {
	case "address", "phone", "website", "contact person", "e-mail":
		return true
	}
	return false
}

// cityOf finds the location an address lies in: the document writes the
// city last ("Neuer Markt 1 18055 Rostock").
func cityOf(address string) string {
	for city := range Locations {
		if strings.HasSuffix(address, city) {
			return city
		}
	}
	return ""
}

// LocationInfo is reference data the document does not spell out.
type LocationInfo struct {
	Country string
	Region  string
}

// Locations are the network's places around the South Baltic.
var Locations = map[string]LocationInfo{
	"Rostock":   {Country: "DE", Region: "Mecklenburg-Vorpommern"},
	"Schwerin":  {Country: "DE", Region: "Mecklenburg-Vorpommern"},
	"Szczecin":  {Country: "PL", Region: "West Pomeranian Voivodeship"},
	"Elbląg":    {Country: "PL", Region: "Warmian-Masurian Voivodeship"},
	"Rietavas":  {Country: "LT", Region: "Telšiai County"},
	"Karlshamn": {Country: "SE", Region: "Blekinge"},
}
