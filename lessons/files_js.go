//go:build js

package lessons

import "fmt"

// embedded is what the web page's build has of the compiled course: nothing. The page
// fetches each file before it opens the lesson or scenario (Provide).
func embedded(name string) ([]byte, error) { return nil, fmt.Errorf("%s: %w", name, ErrNotFetched) }
