//go:build js

package lessons

// embedded is what the web page's build has of the compiled course: nothing. The page
// fetches each file before it opens the lesson or scenario (Provide).
var embedded = notEmbedded
