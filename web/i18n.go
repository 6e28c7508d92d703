package web

// The citizens' page is German; ?lang=en switches its fixed strings to
// English. The coverage message itself (campaigns.Coverage.Message) stays
// German and is marked lang="de" on the English page; an English headline
// per coverage state says the gist.

const (
	langDE = "de"
	langEN = "en"
)

// pageLang picks the page language from ?lang=.
func pageLang(q string) string {
	if q == langEN {
		return langEN
	}
	return langDE
}

var messages = map[string]map[string]string{
	langDE: {
		"skip":                    "Zum Inhalt springen",
		"office":                  "Breitbandbüro",
		"title":                   "Glasfaser an meiner Adresse?",
		"intro":                   "Geben Sie Straße und Hausnummer ein. Sie erfahren, ob Glasfaser an der Adresse verfügbar, im Bau oder zugesagt ist und wie weit die Vorvermarktung ist.",
		"search.label":            "Straße und Hausnummer",
		"search.hint":             "Zum Beispiel „Hauptstraße 12a“, gern mit Postleitzahl oder Ort: „Hauptstraße 12a, 77654 Offenburg“. Groß- und Kleinschreibung, Umlaute und ß sind egal.",
		"search.button":           "Suchen",
		"search.options":          "Vorschläge",
		"search.results":          "Suchergebnisse",
		"search.none":             "Keine Adresse gefunden.",
		"search.tip1":             "Prüfen Sie die Schreibweise der Straße; Umlaute, ß und „Str.“ dürfen Sie beliebig schreiben.",
		"search.tip2":             "Lassen Sie die Hausnummer weg, um alle Hausnummern der Straße zu sehen.",
		"search.tip3":             "Geben Sie nur den Anfang des Straßennamens ein, etwa „Markt“ statt „Marktweg“.",
		"search.tip4":             "Fehlt Ihre Adresse, ist sie vielleicht neu und noch nicht in den amtlichen Daten. Bitte wenden Sie sich an das Breitbandbüro.",
		"search.more":             "Mehr als %d Treffer – bitte genauer suchen: Hausnummer, Postleitzahl oder Ort ergänzen, zum Beispiel „Marktweg 1, 51065 Köln“. Die ersten %d:",
		"search.district":         "Ortsteil",
		"search.empty":            "Bitte geben Sie Straße und Hausnummer ein.",
		"search.count":            "Treffer für",
		"answer.title":            "Auskunft",
		"answer.state":            "Stand",
		"answer.provider":         "Anbieter",
		"answer.campaign":         "Vermarktung",
		"answer.area":             "Gebiet",
		"answer.district":         "Ortsteil",
		"answer.progress":         "Fortschritt der Vorvermarktung",
		"answer.reached":          "erreicht",
		"answer.needed":           "nötig",
		"answer.link":             "Link zu dieser Auskunft",
		"map.title":               "Karte",
		"map.note":                "Die Karte ergänzt die Auskunft in Textform; alle Angaben stehen auch im Text.",
		"map.legend":              "Legende",
		"map.districts":           "Ortsteile: Fortschritt der Vorvermarktung (Anteil an der Zielquote)",
		"map.addresses":           "Adressen (ab Zoomstufe 15)",
		"map.zones":               "Gewerbegebiete (schraffiert)",
		"map.noCampaign":          "keine Vorvermarktung",
		"map.reached":             "Ziel erreicht",
		"map.off":                 "Die Karte kann in diesem Browser nicht angezeigt werden. Die Auskunft in Textform ist vollständig.",
		"map.baseOff":             "Hintergrundkarte nicht verfügbar – die Ortsteile und Ihre Adresse werden trotzdem angezeigt.",
		"demo.banner":             "Demodaten – fiktive Gemeinde",
		"demo.note":               "Alle Adressen, Straßen und Zahlen sind erfunden.",
		"state.live":              "Glasfaser verfügbar",
		"state.construction":      "Glasfaser im Bau",
		"state.committed":         "Ausbau zugesagt",
		"state.premarketing":      "Vorvermarktung",
		"state.funding_candidate": "Förderung wird geprüft",
		"state.none":              "Noch keine Planung",
		"footer.api":              "Offene Schnittstelle (OpenAPI)",
		"footer.license":          "Kartenbibliothek MapLibre GL JS (BSD-Lizenz)",
		"lang.switch":             "English",
		"lang.other":              "en",
		"notfound.title":          "Nicht gefunden",
		"notfound.text":           "Diese Seite oder Adresse gibt es nicht. Bitte suchen Sie die Adresse erneut.",
		"error.title":             "Interner Fehler",
		"error.text":              "Die Auskunft ist gerade nicht möglich. Bitte versuchen Sie es später noch einmal.",
		"back":                    "Zur Adresssuche",
		"towns.title":             "Gemeinden",
		"town.contact":            "Ansprechpartner",
		"town.phone":              "Telefon",
		"town.imprint":            "Impressum",
		"town.privacy":            "Datenschutz",
		"town.accessibility":      "Barrierefreiheit",
	},
	langEN: {
		"skip":                    "Skip to content",
		"office":                  "Broadband office",
		"title":                   "Fibre at my address?",
		"intro":                   "Enter street and house number to learn whether fibre is available, under construction or committed at the address, and how far pre-marketing has got.",
		"search.label":            "Street and house number",
		"search.hint":             "For example “Hauptstraße 12a”, optionally with postcode or town: “Hauptstraße 12a, 77654 Offenburg”. Case, umlauts and ß do not matter.",
		"search.button":           "Search",
		"search.options":          "Suggestions",
		"search.results":          "Search results",
		"search.none":             "No address found.",
		"search.tip1":             "Check the spelling of the street; umlauts, ß and “Str.” may be written any way.",
		"search.tip2":             "Leave out the house number to see every number in the street.",
		"search.tip3":             "Type only the start of the street name, e.g. “Markt” instead of “Marktweg”.",
		"search.tip4":             "If your address is missing, it may be new and not yet in the official data. Please contact the broadband office.",
		"search.more":             "More than %d results – please be more specific: add the house number, postcode or town, e.g. “Marktweg 1, 51065 Köln”. The first %d:",
		"search.district":         "District",
		"search.empty":            "Please enter street and house number.",
		"search.count":            "Results for",
		"answer.title":            "Answer",
		"answer.state":            "Status",
		"answer.provider":         "Provider",
		"answer.campaign":         "Campaign",
		"answer.area":             "Area",
		"answer.district":         "District",
		"answer.progress":         "Pre-marketing progress",
		"answer.reached":          "reached",
		"answer.needed":           "needed",
		"answer.link":             "Link to this answer",
		"map.title":               "Map",
		"map.note":                "The map supplements the text answer; everything it shows is also in the text.",
		"map.legend":              "Legend",
		"map.districts":           "Districts: pre-marketing progress (share of the target quota)",
		"map.addresses":           "Addresses (from zoom level 15)",
		"map.zones":               "Business parks (hatched)",
		"map.noCampaign":          "no pre-marketing",
		"map.reached":             "target reached",
		"map.off":                 "The map cannot be shown in this browser. The text answer is complete.",
		"map.baseOff":             "Background map unavailable – the districts and your address are still shown.",
		"demo.banner":             "Demo data – fictitious municipality",
		"demo.note":               "All addresses, streets and figures are made up.",
		"state.live":              "Fibre available",
		"state.construction":      "Fibre under construction",
		"state.committed":         "Roll-out committed",
		"state.premarketing":      "Pre-marketing",
		"state.funding_candidate": "Public funding under review",
		"state.none":              "No plans yet",
		"footer.api":              "Open API (OpenAPI)",
		"footer.license":          "Map library MapLibre GL JS (BSD licence)",
		"lang.switch":             "Deutsch",
		"lang.other":              "de",
		"notfound.title":          "Not found",
		"notfound.text":           "This page or address does not exist. Please search for the address again.",
		"error.title":             "Internal error",
		"error.text":              "The answer is not available right now. Please try again later.",
		"back":                    "Back to the address search",
		"towns.title":             "Municipalities",
		"town.contact":            "Contact",
		"town.phone":              "Phone",
		"town.imprint":            "Legal notice (Impressum)",
		"town.privacy":            "Privacy",
		"town.accessibility":      "Accessibility",
	},
}

// translate returns the string for key in lang, falling back to German and
// then to the key itself (so a missing string shows, rather than vanishes).
func translate(lang, key string) string {
	if s, ok := messages[lang][key]; ok {
		return s
	}
	if s, ok := messages[langDE][key]; ok {
		return s
	}
	return key
}
