//go:build !js

package catalog

import _ "embed"

// compiled is the catalog as go generate compiled it. The web page's build (js) leaves
// it out: the page fetches the file (Provide).
//
//go:embed compiled.json
var compiled []byte

// missing is what a lookup does that finds no catalog: nothing here, where the
// catalog is embedded and a test makes sure it decodes.
func missing() {}
