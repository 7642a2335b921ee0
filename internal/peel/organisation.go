package peel

// Organisation is an inspected body: for PEEL, one of the territorial police
// forces of England and Wales.
type Organisation struct {
	ID        int64  `json:"-"`
	Slug      string `json:"slug"`
	Name      string `json:"name"`
	ShortName string `json:"shortName"`
	Region    string `json:"region"`
	Country   string `json:"country"`
	Kind      string `json:"kind"`
}

// Kinds of organisation.
const (
	// KindTerritorialForce is the kind of the 43 forces shipped as reference data.
	KindTerritorialForce = "territorial-force"
	// KindSample is a fictional organisation made by `peel gen` for
	// benchmarks and demonstrations: never a real force.
	KindSample = "sample"
)

// Validate reports the first missing or malformed field.
func (o *Organisation) Validate() error {
	switch {
	case !ValidSlug(o.Slug):
		return Errorf(EINVALID, "organisation slug %q must be lower-case letters, digits and hyphens", o.Slug)
	case o.Name == "":
		return Errorf(EINVALID, "organisation %s has no name", o.Slug)
	case o.ShortName == "":
		return Errorf(EINVALID, "organisation %s has no short name", o.Slug)
	}
	return nil
}
