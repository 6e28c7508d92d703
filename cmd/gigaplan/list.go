package main

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"

	"gigaplan/geo"
	"gigaplan/reports"
)

func cmdAreas(ctx context.Context, cfg Config, args []string, e env) error {
	fs := newFlagSet("areas")
	kindFlag := fs.String("kind", "", "only areas of this kind")
	muniFlag := fs.String("municipality", "", "only the areas of this municipality (AGS or name), and the municipality")
	format := fs.String("format", "table", "table, csv or json")
	if err := noArgs(fs, args); err != nil {
		return err
	}
	var kind geo.AreaKind
	if *kindFlag != "" {
		var err error
		if kind, err = geo.ParseAreaKind(*kindFlag); err != nil {
			return err
		}
	}
	if *format != "table" && *format != "csv" && *format != "json" {
		return usagef("areas: --format muss table, csv oder json sein")
	}
	st, err := openStore(ctx, cfg)
	if err != nil {
		return err
	}
	defer st.Close()
	areas, err := st.Areas(ctx, kind)
	if err != nil {
		return err
	}
	munis, err := st.Areas(ctx, geo.KindMunicipality)
	if err != nil {
		return err
	}
	muniName := map[int64]string{}
	for _, m := range munis {
		muniName[m.ID] = m.Name
	}
	if *muniFlag != "" {
		m, err := geo.FindMunicipality(munis, *muniFlag)
		if err != nil {
			return err
		}
		areas = slices.DeleteFunc(areas, func(a geo.AreaSummary) bool { return a.ID != m.ID && a.Municipality != m.ID })
	}
	switch *format {
	case "csv":
		w := reports.NewCSVWriter(e.stdout)
		head := []string{"kind", "name", "addresses", "households", "businesses"}
		if len(munis) > 0 {
			head = append(head, "municipality", "ags")
		}
		w.Write(head)
		for _, a := range areas {
			row := []string{string(a.Kind), a.Name, strconv.Itoa(a.Addresses), strconv.Itoa(a.Households), strconv.Itoa(a.Businesses)}
			if len(munis) > 0 {
				row = append(row, muniName[a.Municipality], a.AGS)
			}
			w.Write(row)
		}
		w.Flush()
		return w.Error()
	case "json":
		type areaOut struct {
			ID         int64        `json:"id"`
			Kind       geo.AreaKind `json:"kind"`
			Name       string       `json:"name"`
			Addresses  int          `json:"addresses"`
			Households int          `json:"households"`
			Businesses int          `json:"businesses"`
			// Municipality is the ID of the area's municipality (0: none).
			Municipality int64  `json:"municipality,omitempty"`
			AGS          string `json:"ags,omitempty"`
		}
		out := make([]areaOut, 0, len(areas))
		for _, a := range areas {
			out = append(out, areaOut{a.ID, a.Kind, a.Name, a.Addresses, a.Households, a.Businesses, a.Municipality, a.AGS})
		}
		enc := json.NewEncoder(e.stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(out)
	}
	t := &table{head: []string{"Art", "Name", "Adressen", "Haushalte", "Betriebe"}, right: []bool{false, false, true, true, true}}
	if len(munis) > 0 {
		t.head, t.right = append(t.head, "Gemeinde"), append(t.right, false)
	}
	for _, a := range areas {
		row := []string{a.Kind.German(), a.Name, formatInt(int64(a.Addresses)), formatInt(int64(a.Households)), formatInt(int64(a.Businesses))}
		if len(munis) > 0 {
			m := muniName[a.Municipality]
			if a.Kind == geo.KindMunicipality {
				m = "AGS " + a.AGS
			}
			row = append(row, m)
		}
		t.add(row...)
	}
	return t.write(e.stdout)
}

func cmdAddresses(ctx context.Context, cfg Config, args []string, e env) error {
	fs := newFlagSet("addresses")
	areaName := fs.String("area", "", "only addresses in this area")
	muniFlag := fs.String("municipality", "", "only addresses in this municipality (AGS or name); with --area: that municipality's area")
	unassigned := fs.Bool("unassigned", false, "only addresses outside every district")
	format := fs.String("format", "csv", "csv or json")
	if err := noArgs(fs, args); err != nil {
		return err
	}
	if *format != "csv" && *format != "json" {
		return usagef("addresses: --format muss csv oder json sein")
	}
	st, err := openStore(ctx, cfg)
	if err != nil {
		return err
	}
	defer st.Close()
	f := geo.AddressFilter{Unassigned: *unassigned}
	var muni geo.Area
	if *muniFlag != "" {
		munis, err := st.Areas(ctx, geo.KindMunicipality)
		if err != nil {
			return err
		}
		if muni, err = geo.FindMunicipality(munis, *muniFlag); err != nil {
			return err
		}
		f.AreaID = muni.ID
	}
	if *areaName != "" {
		a, err := geo.AreaNamed(ctx, st, muni.ID, *areaName)
		if err != nil {
			return err
		}
		f.AreaID = a.ID
	}
	seq := st.Addresses(ctx, f)
	if *format == "json" {
		// Streamed as a JSON array so that large sets need no buffer.
		fmt.Fprint(e.stdout, "[")
		n := 0
		for a, err := range seq {
			if err != nil {
				return err
			}
			b, err := json.Marshal(addressRecord(a))
			if err != nil {
				return err
			}
			if n > 0 {
				fmt.Fprint(e.stdout, ",")
			}
			fmt.Fprintf(e.stdout, "\n  %s", b)
			n++
		}
		fmt.Fprintln(e.stdout, "\n]")
		return nil
	}
	w := reports.NewCSVWriter(e.stdout)
	w.Write(addressHeader)
	for a, err := range seq {
		if err != nil {
			return err
		}
		r := addressRecord(a)
		w.Write([]string{strconv.FormatInt(r.ID, 10), r.Key, r.Street, r.Number, r.Suffix, r.Postcode, r.City, r.Locality,
			strconv.FormatFloat(r.Lon, 'f', 7, 64), strconv.FormatFloat(r.Lat, 'f', 7, 64),
			strconv.Itoa(r.Households), strconv.Itoa(r.Businesses), string(r.Type), strconv.FormatBool(r.Placeholder), r.Source})
	}
	w.Flush()
	return w.Error()
}

var addressHeader = []string{"id", "key", "street", "number", "suffix", "postcode", "city", "locality", "lon", "lat", "households", "businesses", "type", "placeholder", "source"}

type addressOut struct {
	ID          int64           `json:"id"`
	Key         string          `json:"key"`
	Street      string          `json:"street"`
	Number      string          `json:"number"`
	Suffix      string          `json:"suffix"`
	Postcode    string          `json:"postcode"`
	City        string          `json:"city"`
	Locality    string          `json:"locality"`
	Lon         float64         `json:"lon"`
	Lat         float64         `json:"lat"`
	Households  int             `json:"households"`
	Businesses  int             `json:"businesses"`
	Type        geo.AddressType `json:"type"`
	Placeholder bool            `json:"placeholder"`
	Source      string          `json:"source"`
}

func addressRecord(a geo.Address) addressOut {
	return addressOut{a.ID, a.Key, a.Street, a.HouseNumber, a.Suffix, a.Postcode, a.City, a.Locality, a.Lon, a.Lat,
		a.Households, a.Businesses, a.Type, a.Placeholder, a.Source}
}
