// Package contenthash is the hash a built site puts into a file's name
// ("hello.3f2a9c1d07be.json"): the first Len hex digits of the SHA-256 of its content.
// smtpsim site names files with it, and the course's compiled files are named with it
// ahead (lessons.SitePath), so both must use the same rule: this one.
package contenthash

import (
	"crypto/sha256"
	"encoding/hex"
)

// Len is the number of hex digits: 48 bits, so that two versions of one file
// practically never share a name in someone's cache.
const Len = 12

// Of is the hash of content as a file's name carries it.
func Of(content []byte) string {
	sum := sha256.Sum256(content)
	return hex.EncodeToString(sum[:])[:Len]
}
