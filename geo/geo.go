// Package geo holds Gigaplan's spatial domain: official address points, areas
// (municipality, districts, commercial zones, provider build areas), coordinate
// transformation, the file importers and the overlay that assigns every address
// to the areas that cover it.
//
// The package declares the storage interfaces (Store); adapters named after
// their technology (data/sqlite, data/postgres) implement them.
package geo

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/paulmach/orb"
)

// AddressType classifies an address for quotas and funding lists.
type AddressType string

// The address types. Public marks municipal facilities (städtische Einrichtungen).
const (
	TypePrivate  AddressType = "private"
	TypeBusiness AddressType = "business"
	TypeSchool   AddressType = "school"
	TypeHospital AddressType = "hospital"
	TypePublic   AddressType = "public"
)

// AddressTypes lists every valid address type in a stable order.
var AddressTypes = []AddressType{TypePrivate, TypeBusiness, TypeSchool, TypeHospital, TypePublic}

// ParseAddressType maps the spellings found in German address files
// (e.g. "Wohngebäude", "Gewerbe", "Schule", "Krankenhaus", "öffentlich")
// to an AddressType. The empty string maps to TypePrivate.
func ParseAddressType(s string) (AddressType, error) {
	k := strings.ToLower(strings.TrimSpace(s))
	if k == "" {
		return TypePrivate, nil
	}
	if t, ok := typeValues[k]; ok {
		return t, nil
	}
	return "", fmt.Errorf("unknown address type %q (want private, business, school, hospital or public)", s)
}

// Address is one official address point. Coordinates are WGS84.
type Address struct {
	ID int64
	// Key identifies the address across imports: for HK-DE the AGS, street
	// key, house number and suffix ("08317096|00123|12|a"); for other
	// sources the file's id column or the normalised postcode, street,
	// number and suffix. See AddressKey.
	Key         string
	OI          string // HK-DE object identifier; may change between deliveries
	AGS         string // 8-digit municipality key, when known
	StreetKey   string // Straßenschlüssel, when known
	Street      string
	HouseNumber string
	Suffix      string // Adressierungszusatz, e.g. "a"
	Postcode    string
	City        string
	Locality    string // Ortsteil name as given by the file (informational)
	Lon, Lat    float64
	Households  int
	Businesses  int
	Type        AddressType
	Quality     string // HK-DE QUA: A, B or C
	// Placeholder marks an address whose street is a placeholder such as
	// "### Straßenname unbekannt". It is imported but flagged.
	Placeholder bool
	Source      string // file it came from
	// SrcCRS, SrcX and SrcY are the coordinates as the file gave them,
	// when it was in a projected system with an EPSG code (0 otherwise;
	// EPSG:4647's zone prefix is taken off, giving EPSG:25832). The
	// overlay runs in that system when every area has it too, so that a
	// point on an edge in the file stays on it.
	SrcCRS     CRS
	SrcX, SrcY float64
}

// Point returns the address as an orb point (lon, lat).
func (a Address) Point() orb.Point { return orb.Point{a.Lon, a.Lat} }

// Label formats the address for people: "Hauptstraße 12a, 77652 Offenburg".
func (a Address) Label() string {
	var b strings.Builder
	b.WriteString(a.Street)
	if a.HouseNumber != "" {
		b.WriteByte(' ')
		b.WriteString(a.HouseNumber)
		b.WriteString(a.Suffix)
	}
	if a.Postcode != "" || a.City != "" {
		b.WriteString(", ")
		b.WriteString(strings.TrimSpace(a.Postcode + " " + a.City))
	}
	return b.String()
}

// AreaKind is the kind of an area.
type AreaKind string

// The area kinds. Municipalities and districts must not overlap within their
// kind; zones and build areas may.
const (
	KindMunicipality AreaKind = "municipality"
	KindDistrict     AreaKind = "district"
	KindZone         AreaKind = "zone"
	KindBuildArea    AreaKind = "buildarea"
)

// AreaKinds lists every area kind in a stable order.
var AreaKinds = []AreaKind{KindMunicipality, KindDistrict, KindZone, KindBuildArea}

// ParseAreaKind validates an area kind name.
func ParseAreaKind(s string) (AreaKind, error) {
	for _, k := range AreaKinds {
		if string(k) == s {
			return k, nil
		}
	}
	return "", Errorf(EINVALID, "unbekannte Gebietsart %q (möglich: municipality – Gemeinde, district – Ortsteil, zone – Gewerbegebiet, buildarea – Ausbaugebiet)", s)
}

// Exclusive reports whether areas of this kind must not overlap, so that an
// address belongs to at most one of them.
func (k AreaKind) Exclusive() bool { return k == KindMunicipality || k == KindDistrict }

// Area is a named polygon of one kind. Geometry is WGS84.
type Area struct {
	ID       int64
	Kind     AreaKind
	Name     string
	Geometry orb.MultiPolygon
	Source   string
	// SrcCRS and SrcGeometry are the geometry as the file gave it, when
	// it was in a projected system with an EPSG code and valid as it was
	// (0 and nil otherwise); see Address.SrcCRS.
	SrcCRS      CRS
	SrcGeometry orb.MultiPolygon
	// Municipality is the ID of the municipality (an area of kind
	// municipality) the area belongs to: names are unique within
	// (Municipality, Kind). 0 for municipalities and for areas placed in
	// none.
	Municipality int64
	// AGS is a municipality's Amtlicher Gemeindeschlüssel (8 digits).
	AGS string
}

// AreaSummary is an area with the totals of the addresses assigned to it.
type AreaSummary struct {
	Area
	Addresses  int
	Households int
	Businesses int
}

// Assignment links an address to an area that covers it.
type Assignment struct {
	AddressID int64
	AreaID    int64
}

// CompareAssignments orders assignments by address, then area: the order
// of Store.Assignments.
func CompareAssignments(a, b Assignment) int {
	return cmp.Or(cmp.Compare(a.AddressID, b.AddressID), cmp.Compare(a.AreaID, b.AreaID))
}

// SortedAssignments returns a copy of as in CompareAssignments order,
// without duplicates.
func SortedAssignments(as []Assignment) []Assignment {
	out := slices.Clone(as)
	slices.SortFunc(out, CompareAssignments)
	return slices.Compact(out)
}

// German returns the kind as the UI and reports name it.
func (k AreaKind) German() string {
	switch k {
	case KindMunicipality:
		return "Gemeinde"
	case KindDistrict:
		return "Ortsteil"
	case KindZone:
		return "Gewerbegebiet"
	case KindBuildArea:
		return "Ausbaugebiet"
	}
	return string(k)
}
