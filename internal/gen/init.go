package gen

// The tables are built in one place because their parts depend on each
// other: templates need the placeholders, events need the services.
func init() {
	registerPlaceholders()
	registerSignInPlaceholders()
	registerServices()
	buildCatalog()
	finishCatalog()
	finishErrors()
}
