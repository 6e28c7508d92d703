package geo

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"strings"

	"golang.org/x/text/encoding/charmap"
)

// HK-DE (Hauskoordinaten Deutschland) as delivered by the Zentrale Stelle
// Hauskoordinaten und Hausumringe (ZSHH), Datenformatbeschreibung 3.1
// (ISO-8859-1) and 4.2 (UTF-8): no header, one address per line, 18
// fields separated by ';':
//
//	NBA;OI;QUA;LAN;RBZ;KRS;GMD;OTT;SSS;HNR;ADZ;EEEEEEEE,EEE;NNNNNNN,NNN;STN;PLZ;ONM;ZON;POT
//
// Findings from the format description that the reader relies on:
//   - The easting has 8 integer digits: the UTM zone is prefixed
//     (32415000,123). That prefix is the zone; plain six-digit eastings
//     are accepted too (zone from ParseOptions.CRS, else a ZON field that
//     looks like a zone, else the Land: 11–14 zone 33, others zone 32).
//   - ZON is not the zone but "Zusatz zum postalischen Ortsnamen" (e.g.
//     "am Main"); it is appended to the city unless it looks like a zone
//     ("32", "ETRS89_UTM32"), as some hand-made files use it.
//   - OTT is a 4-digit key of the Ortsteil, POT the postal Ortsteil name:
//     Locality is POT, or OTT when POT is empty.
//   - NBA is N (new), A (changed) or L (to be deleted) and is empty in
//     many deliveries; L records are skipped, everything else is kept.
const hkdeFields = 18

// HK-DE field positions.
const (
	hkNBA = iota
	hkOI
	hkQUA
	hkLAN
	hkRBZ
	hkKRS
	hkGMD
	hkOTT
	hkSSS
	hkHNR
	hkADZ
	hkEast
	hkNorth
	hkSTN
	hkPLZ
	hkONM
	hkZON
	hkPOT
)

var hkdeNames = [hkdeFields]string{"NBA", "OI", "QUA", "LAN", "RBZ", "KRS", "GMD", "OTT", "SSS", "HNR", "ADZ", "east", "north", "STN", "PLZ", "ONM", "ZON", "POT"}

// maxLine caps the length of an HK-DE line.
const maxLine = 64 << 10

// looksHKDE reports whether the first line is an HK-DE record.
func looksHKDE(head []byte) bool {
	line := firstLine(head)
	f := bytes.Split(line, []byte{';'})
	if len(f) == hkdeFields+1 && len(bytes.TrimSpace(f[hkdeFields])) == 0 {
		f = f[:hkdeFields]
	}
	if len(f) != hkdeFields {
		return false
	}
	for _, i := range []int{hkLAN, hkRBZ, hkKRS, hkGMD} {
		if !isDigits(string(bytes.TrimSpace(f[i]))) {
			return false
		}
	}
	return true
}

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// zoneField reads a UTM zone from a ZON value used for it ("32",
// "ETRS89_UTM32", "UTM33"); 0 if it is not one.
func zoneField(s string) int {
	s = strings.ToUpper(strings.TrimSpace(s))
	s = strings.TrimPrefix(s, "ETRS89_")
	s = strings.TrimPrefix(s, "ETRS89/")
	s = strings.TrimPrefix(s, "UTM")
	s = strings.TrimSuffix(s, "N")
	switch s {
	case "32":
		return 32
	case "33":
		return 33
	}
	return 0
}

// zoneCRS maps a zone number to its CRS.
func zoneCRS(zone int) CRS {
	if zone == 33 {
		return UTM33
	}
	return UTM32
}

func (p *parser) readHKDE(br *bufio.Reader, head []byte) {
	var r io.Reader = br
	p.rep.Format = formatHKDE42
	if !validUTF8Head(head) {
		p.rep.Format = formatHKDE31
		p.decoded = true
		r = charmap.ISO8859_1.NewDecoder().Reader(br)
	}
	lr := bufio.NewReaderSize(r, maxLine)
	var fields []string
	warnedZone := false
	for line := 1; ; line++ {
		b, err := lr.ReadSlice('\n')
		if err == bufio.ErrBufferFull {
			p.fail(&ParseError{Issue: Issue{File: p.name, Line: line, Feature: -1, Message: fmt.Sprintf("line is longer than %d bytes; not an HK-DE file?", maxLine)}})
			return
		}
		if err != nil && err != io.EOF {
			p.fail(p.fileErr("", err, "line %d: cannot read: %v", line, err))
			return
		}
		if t := strings.TrimRight(string(b), "\r\n"); strings.TrimSpace(t) != "" && !strings.HasPrefix(t, "#") {
			fields = splitInto(fields[:0], t, ';')
			if !p.hkdeRecord(fields, line, &warnedZone) {
				return
			}
		}
		if err == io.EOF {
			return
		}
	}
}

func splitInto(dst []string, s string, sep byte) []string {
	for {
		i := strings.IndexByte(s, sep)
		if i < 0 {
			return append(dst, s)
		}
		dst = append(dst, s[:i])
		s = s[i+1:]
	}
}

// hkdeRecord converts one record; it returns false when reading must stop.
func (p *parser) hkdeRecord(f []string, line int, warnedZone *bool) bool {
	iss := Issue{File: p.name, Line: line, Feature: -1}
	fail := func(field int, err error) bool {
		i := iss
		if field >= 0 {
			i.Field = hkdeNames[field]
		}
		p.fail(issueErr(i, err))
		return false
	}
	if len(f) == hkdeFields+1 && strings.TrimSpace(f[hkdeFields]) == "" {
		f = f[:hkdeFields]
	}
	if len(f) != hkdeFields {
		return fail(-1, fmt.Errorf("has %d fields, an HK-DE record has 18 (NBA;OI;QUA;LAN;RBZ;KRS;GMD;OTT;SSS;HNR;ADZ;east;north;STN;PLZ;ONM;ZON;POT)", len(f)))
	}
	p.rep.Read++
	for i := range f {
		c, err := checkText(f[i], p.limits.Field, p.decoded)
		if err != nil {
			return fail(i, err)
		}
		if c.repaired {
			p.rep.RepairedCount++
			w := iss
			w.Field = hkdeNames[i]
			w.Message = fmt.Sprintf("%q was encoded as UTF-8 twice; read as %q", f[i], c.value)
			p.rep.warn(w)
		}
		f[i] = c.value
	}
	if strings.EqualFold(f[hkNBA], "L") {
		iss.Field = "NBA"
		iss.Message = fmt.Sprintf("record %s marked deleted (NBA=L): skipped", f[hkOI])
		p.rep.skip(iss)
		return true
	}
	for _, k := range []struct {
		i, n int
	}{{hkLAN, 2}, {hkRBZ, 1}, {hkKRS, 2}, {hkGMD, 3}} {
		if !isDigits(f[k.i]) || len(f[k.i]) != k.n {
			return fail(k.i, fmt.Errorf("%q is not a %d-digit key", f[k.i], k.n))
		}
	}
	a := Address{
		OI:          f[hkOI],
		Quality:     f[hkQUA],
		AGS:         f[hkLAN] + f[hkRBZ] + f[hkKRS] + f[hkGMD],
		StreetKey:   f[hkSSS],
		HouseNumber: f[hkHNR],
		Suffix:      f[hkADZ],
		Street:      f[hkSTN],
		Postcode:    f[hkPLZ],
		City:        f[hkONM],
		Locality:    f[hkPOT],
		Households:  1,
		Type:        TypePrivate,
		Source:      fmt.Sprintf("%s:%d", p.name, line),
	}
	if a.Locality == "" {
		a.Locality = f[hkOTT]
	}
	zon := zoneField(f[hkZON])
	if zon == 0 && f[hkZON] != "" {
		a.City = strings.TrimSpace(a.City + " " + f[hkZON])
	}
	x, err := parseNumber(f[hkEast])
	if err != nil {
		return fail(hkEast, fmt.Errorf("easting %v", err))
	}
	y, err := parseNumber(f[hkNorth])
	if err != nil {
		return fail(hkNorth, fmt.Errorf("northing %v", err))
	}
	c := p.opt.CRS
	switch {
	case c != 0:
	case x >= 32e6 && x < 34e6:
		c = zoneCRS(int(x / 1e6))
	case zon != 0:
		c = zoneCRS(zon)
	default:
		c = UTM32
		if l := f[hkLAN]; l == "11" || l == "12" || l == "13" || l == "14" {
			c = UTM33
		}
		if !*warnedZone {
			*warnedZone = true
			w := iss
			w.Field = "east"
			w.Message = fmt.Sprintf("easting without zone prefix: assumed %s from Land %s; give --crs if this is wrong", c, f[hkLAN])
			p.rep.warn(w)
		}
	}
	if p.rep.CRS == 0 {
		p.rep.CRS = c
	}
	a.Lon, a.Lat, err = toWGS84(c, x, y)
	a.SrcCRS, a.SrcX, a.SrcY = sourceCoords(c, x, y)
	if err != nil {
		field := hkEast
		if strings.HasPrefix(causeMessage(err), "northing") {
			field = hkNorth
		}
		return fail(field, err)
	}
	if noNumber(a.HouseNumber) {
		a.HouseNumber, a.Suffix = "", ""
		p.rep.NoNumberCount++
		w := iss
		w.Field = "HNR"
		w.Message = "no house number: imported and flagged"
		p.rep.warn(w)
	}
	a.Key = AddressKey(a)
	return p.emit(a, iss)
}
