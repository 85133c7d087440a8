// Package site serves the web app's static files with the headers the app needs, and
// builds the folder that is deployed: every asset under a content-hashed name (so that
// browsers may cache it for good), the pages rewritten to those names, and Brotli and
// gzip copies made ahead of time (so that no server has to compress on the fly).
package site

import (
	"mime"
	"path"
	"strings"

	"smtpsim/cmd/smtpsim/internal/listen"
)

// ContentSecurityPolicy is sent with every response. The page runs only its own scripts
// ('wasm-unsafe-eval' lets them compile the WebAssembly program, nothing else), loads
// nothing from elsewhere and cannot be framed.
const ContentSecurityPolicy = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; " +
	"img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'"

// Cache-Control values: a hashed name never changes its content, anything else must be
// revalidated so that a new deployment is seen at once.
const (
	cacheImmutable  = "public, max-age=31536000, immutable"
	cacheRevalidate = "no-cache"
)

// contentTypes are the types the app's files need, fixed here rather than taken from the
// system's mime.types, which differs between machines (and lacks application/wasm on some).
var contentTypes = map[string]string{
	".html":        "text/html; charset=utf-8",
	".htm":         "text/html; charset=utf-8",
	".js":          "text/javascript; charset=utf-8",
	".mjs":         "text/javascript; charset=utf-8",
	".css":         "text/css; charset=utf-8",
	".wasm":        "application/wasm",
	".json":        "application/json",
	".webmanifest": "application/manifest+json",
	".svg":         "image/svg+xml",
	".png":         "image/png",
	".jpg":         "image/jpeg",
	".jpeg":        "image/jpeg",
	".gif":         "image/gif",
	".webp":        "image/webp",
	".ico":         "image/vnd.microsoft.icon",
	".woff2":       "font/woff2",
	".woff":        "font/woff",
	".txt":         "text/plain; charset=utf-8",
	".md":          "text/markdown; charset=utf-8",
	".yaml":        "application/yaml",
	".xml":         "application/xml",
	".pcap":        "application/vnd.tcpdump.pcap",
	".eml":         "message/rfc822",
	".gz":          "application/gzip",
}

// ContentType returns the media type of a file, judged by its name.
func ContentType(name string) string {
	ext := strings.ToLower(path.Ext(name))
	if t, ok := contentTypes[ext]; ok {
		return t
	}
	if t := mime.TypeByExtension(ext); t != "" {
		return t
	}
	return "application/octet-stream"
}

// IsHashed reports whether a file name carries a content hash the way Build writes it:
// "main.3f2a9c1d07be.wasm" (8 to 64 lower-case hex digits before the last extension).
func IsHashed(name string) bool {
	base := path.Base(name)
	ext := path.Ext(base)
	stem := strings.TrimSuffix(base, ext)
	dot := strings.LastIndexByte(stem, '.')
	if ext == "" || dot <= 0 {
		return false
	}
	h := stem[dot+1:]
	if len(h) < 8 || len(h) > 64 {
		return false
	}
	for _, c := range h {
		if (c < '0' || c > '9') && (c < 'a' || c > 'f') {
			return false
		}
	}
	return true
}

// keepsName reports whether Build leaves a file's name as it is: pages, which visitors
// reach by their names, and the files browsers and crawlers ask for by a fixed name.
func keepsName(name string) bool {
	switch strings.ToLower(path.Ext(name)) {
	case ".html", ".htm":
		return true
	}
	switch name {
	case "favicon.ico", "robots.txt":
		return true
	}
	return false
}

// CheckAddr refuses a listening address beyond this machine unless public is set.
func CheckAddr(addr string, public bool) error { return listen.CheckAddr(addr, public) }
