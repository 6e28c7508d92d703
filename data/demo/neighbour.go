package demo

import (
	"context"
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/paulmach/orb"

	"gigaplan/campaigns"
	"gigaplan/geo"
)

// Neighbour is Kleinbach, a smaller municipality east of Musterstadt in
// the same county, so that the demo shows what a county agency sees: two
// towns, and a district name they share ("Bühlweier" is an Ortsteil of
// both). Its two Ortsteile split a rectangle; its addresses lie along
// village streets, at least 100 m inside their district.
type Neighbour struct {
	Municipality geo.Area
	Districts    []geo.Area
	Addresses    []geo.Address
	// Streets and Buildings are its part of the demo's base map.
	Streets   []Street
	Buildings []orb.Polygon
}

// Fixed identity of the neighbour.
const (
	NeighbourName = "Kleinbach"
	NeighbourAGS  = "08317998" // fictional, like TownAGS
	// SharedDistrict is the Ortsteil name both towns have.
	SharedDistrict = "Bühlweier"
	// CampaignNeighbour is Kleinbach's campaign.
	CampaignNeighbour = "Glasfaser Kleinbach"
)

// neighbourStreets are each Ortsteil's streets, west to east in the
// rectangle's halves, north to south.
var neighbourStreets = []struct {
	district, postcode string
	streets            []string
}{
	{"Kleinbach", "77660", []string{"Hauptstraße", "Kirchweg", "Schulstraße", "Am Mühlbach"}},
	{SharedDistrict, "77661", []string{"Dorfstraße", "Weiherweg", "Lindenallee", "Im Grün"}},
}

// NewNeighbour builds Kleinbach next to the town t, from seed.
func NewNeighbour(t *Town, seed int64) *Neighbour {
	r := rand.New(rand.NewPCG(uint64(seed), 0x4b6c65696e626163))
	b := t.Municipality.Geometry.Bound()
	const width, half = 0.045, 0.0225 // degrees of longitude (≈ 3.3 km)
	x0 := round7(b.Max.Lon() + 0.003)
	y0, y1 := round7(lat0-0.02), round7(lat0+0.02)
	rect := func(a, c float64) orb.MultiPolygon {
		a, c = round7(a), round7(c)
		return orb.MultiPolygon{{{{a, y0}, {c, y0}, {c, y1}, {a, y1}, {a, y0}}}}
	}
	n := &Neighbour{Municipality: geo.Area{Kind: geo.KindMunicipality, Name: NeighbourName, AGS: NeighbourAGS, Source: Source,
		Geometry: rect(x0, x0+width)}}
	key := 0
	// Footprints from their own stream, after the addresses' draws.
	type site struct{ lon, lat float64 }
	var sites []site
	for k, d := range neighbourStreets {
		west := x0 + float64(k)*half
		n.Districts = append(n.Districts, geo.Area{Kind: geo.KindDistrict, Name: d.district, Source: Source, Geometry: rect(west, west+half)})
		// Streets run east–west, 0.008° (≈ 900 m) apart; houses every
		// ≈ 45 m on both sides, 15 m from the street.
		for s, street := range d.streets {
			key += 7
			lat := y1 - 0.006 - float64(s)*0.008
			n.Streets = append(n.Streets, Street{Name: street, Kind: RoadMinor,
				Line: orb.LineString{{round7(west + 0.0012), round7(lat)}, {round7(west + half - 0.0012), round7(lat)}}})
			nr := 0
			for x := west + 0.0016; x < west+half-0.0016; x += 0.0006 {
				for side := range 2 {
					nr++
					off := 0.00014
					if side == 1 {
						off = -off
					}
					hh, bz, typ := 1+r.IntN(3), 0, geo.TypePrivate
					switch v := r.IntN(40); {
					case v == 0:
						hh, bz, typ = 0, 1+r.IntN(3), geo.TypeBusiness
					case v == 1:
						hh, bz = 1, 1 // a flat above a shop
					case v < 6:
						hh = 4 + r.IntN(6)
					}
					a := geo.Address{
						AGS: NeighbourAGS, StreetKey: fmt.Sprintf("K%04d", key), Street: street,
						HouseNumber: fmt.Sprint(nr), Postcode: d.postcode, City: NeighbourName, Locality: d.district,
						Lon: round7(x + (r.Float64()-0.5)*0.0001), Lat: round7(lat + off + (r.Float64()-0.5)*0.00004),
						Households: hh, Businesses: bz, Type: typ, Quality: "A", Source: Source,
					}
					a.Key = geo.AddressKey(a)
					n.Addresses = append(n.Addresses, a)
					sites = append(sites, site{a.Lon, a.Lat})
				}
			}
		}
	}
	// A village road along the rectangle's middle joins the streets, and
	// one leads west to Musterstadt.
	mid := round7(x0 + half)
	n.Streets = append(n.Streets,
		Street{Kind: RoadMajor, Line: orb.LineString{{mid, round7(y1 - 0.004)}, {mid, round7(y0 + 0.004)}}},
		Street{Kind: RoadMajor, Line: orb.LineString{{round7(b.Max.Lon() - 0.004), round7(lat0)}, {mid, round7(lat0)}}})
	fr := rand.New(rand.NewPCG(uint64(seed), 0x6b62626173656d70))
	// Degrees per metre here.
	dlon, dlat := 1/mPerDegLon, 1/mPerDegLat
	for _, s := range sites {
		w, d := footprint(fr, geo.TypePrivate, 1, 0)
		n.Buildings = append(n.Buildings, rectangle(orb.Point{0, 0}, 0, w, d, func(p orb.Point) orb.Point {
			return orb.Point{round7(s.lon + p[0]*dlon), round7(s.lat + p[1]*dlat)}
		}))
	}
	sortAddresses(n.Addresses)
	return n
}

// LoadNeighbourCampaign adds Kleinbach's running campaign over both its
// Ortsteile, its districts named within Kleinbach (the other town has a
// Bühlweier too).
func LoadNeighbourCampaign(ctx context.Context, svc *campaigns.Service, n *Neighbour, today time.Time) error {
	today = campaigns.Today(today)
	start := today.AddDate(0, 0, -35)
	plans := []areaPlan{{"Kleinbach", 0.28, ""}, {SharedDistrict, 0.19, ""}}
	return load(ctx, svc, campaigns.NewCampaign{
		Provider: ProviderFTTH, Name: CampaignNeighbour, Threshold: 0.4, Counting: campaigns.CountHouseholds,
		Start: start, Deadline: start.AddDate(0, 0, 70), Areas: []string{"Kleinbach", SharedDistrict}, Municipality: NeighbourAGS,
	}, plans, 7, today, extension{}, []campaigns.Outreach{
		{Date: start.AddDate(0, 0, 6), Kind: campaigns.OutreachInfoEvening, Title: "Infoabend im Bürgerhaus Kleinbach"},
	})
}
