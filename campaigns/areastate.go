package campaigns

// AreaState is what the citizens' map and its table say of an Ortsteil or
// commercial zone: one of five states a citizen can tell apart, decided
// from the area's status (the dated decisions) and its figures. The map's
// colours, the legend and the table "Ortsteile im Überblick" all read it
// from AreaStateOf, so that they never disagree.
type AreaState string

// Area states, in the order the legend lists them.
const (
	AreaRunning AreaState = "running" // geplant, läuft or verlängert, quota not yet reached
	AreaReached AreaState = "reached" // quota reached (decided, or the figures say so while it runs)
	AreaMissed  AreaState = "missed"  // nicht erreicht (geparkt) or abgebrochen
	AreaBuilt   AreaState = "built"   // Ausbau zugesagt, im Bau or in Betrieb
	AreaNone    AreaState = "none"    // no campaign: keine Planung
)

// AreaStates lists the area states in legend order.
var AreaStates = []AreaState{AreaRunning, AreaReached, AreaMissed, AreaBuilt, AreaNone}

// AreaStateOf decides an area's state from its status and figures. A
// running area whose signed contracts already meet its target counts as
// reached, as the citizens' answer says ("Vorvermarktung erfolgreich");
// the status stays the office's decision. An empty status is AreaNone.
func AreaStateOf(st Status, needed, target int) AreaState {
	switch st {
	case StatusPlanned, StatusRunning, StatusExtended:
		if st != StatusPlanned && target > 0 && needed <= 0 {
			return AreaReached
		}
		return AreaRunning
	case StatusReached:
		return AreaReached
	case StatusMissed, StatusCancelled:
		return AreaMissed
	case StatusCommitted, StatusConstruction, StatusLive:
		return AreaBuilt
	}
	return AreaNone
}

// German names the state as the legend and the table show it.
func (s AreaState) German() string {
	switch s {
	case AreaRunning:
		return "Vorvermarktung läuft"
	case AreaReached:
		return "Quote erreicht"
	case AreaMissed:
		return "Quote nicht erreicht"
	case AreaBuilt:
		return "Ausbau zugesagt, im Bau oder versorgt"
	}
	return "keine Planung"
}

// English names the state on the English page.
func (s AreaState) English() string {
	switch s {
	case AreaRunning:
		return "Pre-marketing running"
	case AreaReached:
		return "Quota reached"
	case AreaMissed:
		return "Quota not reached"
	case AreaBuilt:
		return "Roll-out committed, under construction or available"
	}
	return "No plans yet"
}
