package main

import (
	"io"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"unicode"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// repoRoot is the repository, seen from this package's folder.
const repoRoot = "../.."

// maxReadmeLines keeps the front page short enough to read: the rest lives in docs/.
const maxReadmeLines = 160

// docFiles are the Markdown files whose links and commands are checked, relative to
// the repository.
func docFiles(t *testing.T) []string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(repoRoot, "docs", "*.md"))
	require.NoError(t, err)
	require.NotEmpty(t, files, "docs/*.md")
	files = append(files, filepath.Join(repoRoot, "README.md"), filepath.Join(repoRoot, "lessons", "README.md"),
		filepath.Join(repoRoot, "sim", "scenario", "FORMAT.md"),
		filepath.Join(repoRoot, "lessons", "teachers", "en.md"), filepath.Join(repoRoot, "lessons", "teachers", "de.md"))
	return files
}

func TestReadmeIsShort(t *testing.T) {
	src, err := os.ReadFile(filepath.Join(repoRoot, "README.md"))
	require.NoError(t, err)
	lines := strings.Count(string(src), "\n")
	assert.LessOrEqual(t, lines, maxReadmeLines, "README.md has %d lines; move detail into docs/", lines)
}

var (
	linkRE       = regexp.MustCompile(`!?\[[^\]]*\]\(([^)\s]+)\)`)
	codeSpanRE   = regexp.MustCompile("`[^`]*`")
	headingRE    = regexp.MustCompile(`^#{1,6}\s+(.*?)\s*#*\s*$`)
	notInSlugRE  = regexp.MustCompile(`[^\p{L}\p{N} _-]`)
	externalLink = regexp.MustCompile(`^[a-z][a-z0-9+.-]*:`)
)

// mdLines returns the lines of a Markdown file outside fenced code blocks, by their
// line number (from 1).
func mdLines(src string) map[int]string {
	out := map[int]string{}
	fenced := false
	for i, line := range strings.Split(src, "\n") {
		if strings.HasPrefix(strings.TrimSpace(line), "```") {
			fenced = !fenced
			continue
		}
		if !fenced {
			out[i+1] = line
		}
	}
	return out
}

// inOrder returns the line numbers of lines in ascending order.
func inOrder(lines map[int]string) []int {
	nums := make([]int, 0, len(lines))
	for n := range lines {
		nums = append(nums, n)
	}
	slices.Sort(nums)
	return nums
}

// anchors returns the fragment ids of a Markdown file's headings, as GitHub makes
// them: lower case, punctuation dropped, spaces as hyphens, repeats numbered.
func anchors(src string) map[string]bool {
	ids := map[string]bool{}
	seen := map[string]int{}
	lines := mdLines(src)
	for _, n := range inOrder(lines) {
		m := headingRE.FindStringSubmatch(lines[n])
		if m == nil {
			continue
		}
		id := strings.ReplaceAll(notInSlugRE.ReplaceAllString(strings.ToLower(m[1]), ""), " ", "-")
		if n := seen[id]; n > 0 {
			seen[id]++
			id = id + "-" + string(rune('0'+n))
		} else {
			seen[id] = 1
		}
		ids[id] = true
	}
	return ids
}

// TestDocLinksResolve checks that every relative link and image of the documentation
// names a file of the repository and, with a fragment, a heading of that file.
func TestDocLinksResolve(t *testing.T) {
	for _, file := range docFiles(t) {
		src, err := os.ReadFile(file)
		require.NoError(t, err)
		lines := mdLines(string(src))
		for _, n := range inOrder(lines) {
			line := codeSpanRE.ReplaceAllString(lines[n], "")
			for _, m := range linkRE.FindAllStringSubmatch(line, -1) {
				target := m[1]
				if externalLink.MatchString(target) {
					continue
				}
				path, frag, _ := strings.Cut(target, "#")
				where := file
				if path != "" {
					where = filepath.Join(filepath.Dir(file), path)
					_, err := os.Stat(where)
					if !assert.NoError(t, err, "%s:%d: link %q: no such file", file, n, target) {
						continue
					}
				}
				if frag == "" || !strings.HasSuffix(where, ".md") {
					continue
				}
				dest, err := os.ReadFile(where)
				require.NoError(t, err)
				assert.True(t, anchors(string(dest))[frag], "%s:%d: link %q: no heading #%s in %s", file, n, target, frag, where)
			}
		}
	}
}

// shellWords splits a documented command line the way sh would for these simple
// cases: words separated by blanks, single or double quotes kept together, and the
// line cut at a pipe, a redirection, "&&", ";" or a comment.
func shellWords(line string) []string {
	var words []string
	var cur strings.Builder
	inWord := false
	quote := rune(0)
	for _, r := range line {
		switch {
		case quote != 0:
			if r == quote {
				quote = 0
			} else {
				cur.WriteRune(r)
			}
		case r == '\'' || r == '"':
			quote, inWord = r, true
		case unicode.IsSpace(r):
			if inWord {
				words = append(words, cur.String())
				cur.Reset()
				inWord = false
			}
		case !inWord && strings.ContainsRune("|&;#>", r):
			return words
		default:
			cur.WriteRune(r)
			inWord = true
		}
	}
	if inWord {
		words = append(words, cur.String())
	}
	return words
}

// TestDocCommandsRun runs every "go run ./cmd/smtpsim …" line of the documentation
// in this process and expects exit status 0. Files it would write go to a temporary
// folder; bridge and serve, which run until stopped, are left out.
func TestDocCommandsRun(t *testing.T) {
	const prefix = "go run ./cmd/smtpsim "
	ran := 0
	for _, file := range docFiles(t) {
		src, err := os.ReadFile(file)
		require.NoError(t, err)
		for _, line := range strings.Split(string(src), "\n") {
			line = strings.TrimSpace(line)
			if !strings.HasPrefix(line, prefix) {
				continue
			}
			args := shellWords(strings.TrimPrefix(line, prefix))
			if len(args) == 0 || args[0] == "bridge" || args[0] == "serve" {
				continue
			}
			dir := t.TempDir()
			for i, a := range args {
				switch {
				case i > 0 && args[i-1] == "--out" && a != "-":
					args[i] = filepath.Join(dir, filepath.Base(a))
				case strings.Contains(a, "/"):
					if _, err := os.Stat(filepath.Join(repoRoot, a)); err == nil {
						args[i] = filepath.Join(repoRoot, a)
					}
				}
			}
			code := run(args, io.Discard, io.Discard)
			assert.Equal(t, 0, code, "%s: %s", file, line)
			ran++
		}
	}
	assert.Greater(t, ran, 10, "documented commands found")
}
