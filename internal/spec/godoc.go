package spec

import (
	"html"
	"regexp"
	"strings"
)

// Spec descriptions are written for web pages: HTML (Stripe's <p> and
// <code>), Markdown (links, bullet lists). docText turns them into Go doc
// comment text that reads well in godoc and that gofmt leaves as it is:
// paragraphs, indented "  - " lists with a blank line around them, and
// links as Go doc links ([text] with a "[text]: URL" definition at the
// end). The builder applies it to every description it puts in the model,
// so the emitter only writes the text out.
var (
	htmlBreak      = regexp.MustCompile(`(?i)<br\s*/?>`)
	htmlParagraph  = regexp.MustCompile(`(?i)</?p\s*>`)
	htmlListItem   = regexp.MustCompile(`(?i)<li\s*>`)
	htmlListEnd    = regexp.MustCompile(`(?i)</li\s*>|</?[uo]l\s*>`)
	htmlLink       = regexp.MustCompile(`(?is)<a\s[^>]*href\s*=\s*"([^"]*)"[^>]*>(.*?)</a\s*>`)
	htmlTag        = regexp.MustCompile(`(?s)</?([a-zA-Z][a-zA-Z0-9]*)(\s[^<>]*)?/?>`)
	markdownLink   = regexp.MustCompile(`\[([^\[\]\n]+)\]\((https?://[^\s()]+)\)`)
	markdownBullet = regexp.MustCompile(`^\s*[-*+]\s+(.*)$`)
)

// htmlElements are the tags stripTags removes. Anything else in angle
// brackets is text the reader needs: "Bearer <token>", "<key>", "<id>" are
// placeholders, not markup, and dropping them leaves `Bearer ".`.
var htmlElements = map[string]bool{
	"a": true, "abbr": true, "b": true, "blockquote": true, "br": true, "code": true,
	"dd": true, "del": true, "div": true, "dl": true, "dt": true, "em": true,
	"h1": true, "h2": true, "h3": true, "h4": true, "h5": true, "h6": true,
	"hr": true, "i": true, "img": true, "ins": true, "kbd": true, "li": true,
	"mark": true, "ol": true, "p": true, "pre": true, "s": true, "samp": true,
	"small": true, "span": true, "strong": true, "sub": true, "sup": true,
	"table": true, "tbody": true, "td": true, "th": true, "thead": true,
	"tr": true, "u": true, "ul": true, "var": true, "details": true, "summary": true,
}

// stripTags removes the HTML elements in s and keeps other <words>.
func stripTags(s string) string {
	return htmlTag.ReplaceAllStringFunc(s, func(m string) string {
		if htmlElements[strings.ToLower(htmlTag.FindStringSubmatch(m)[1])] {
			return ""
		}
		return m
	})
}

// docText converts a description to Go doc comment text.
func docText(s string) string {
	s = strings.ReplaceAll(s, "\r", "")
	var links []string // "[text]: URL" definitions, in order
	addLink := func(text, url string) string {
		text = strings.TrimSpace(strings.Join(strings.Fields(text), " "))
		if text == "" {
			return url
		}
		def := "[" + text + "]: " + url
		for _, l := range links {
			if l == def {
				return "[" + text + "]"
			}
		}
		links = append(links, def)
		return "[" + text + "]"
	}
	if strings.Contains(s, "<") {
		s = htmlLink.ReplaceAllStringFunc(s, func(m string) string {
			sub := htmlLink.FindStringSubmatch(m)
			return addLink(stripTags(sub[2]), html.UnescapeString(sub[1]))
		})
		s = htmlBreak.ReplaceAllString(s, "\n")
		s = htmlParagraph.ReplaceAllString(s, "\n\n")
		s = htmlListItem.ReplaceAllString(s, "\n- ")
		s = htmlListEnd.ReplaceAllString(s, "\n\n")
		s = stripTags(s)
		s = html.UnescapeString(s)
	}
	s = markdownLink.ReplaceAllStringFunc(s, func(m string) string {
		sub := markdownLink.FindStringSubmatch(m)
		return addLink(sub[1], sub[2])
	})

	// Paragraphs and lists: a bullet becomes "  - item", with a blank line
	// before the first and after the last, as gofmt formats lists. Blank
	// lines between items do not end a list.
	var out []string
	inList, blankInList := false, false
	for _, line := range strings.Split(s, "\n") {
		line = strings.TrimRight(line, " \t")
		if m := markdownBullet.FindStringSubmatch(line); m != nil && strings.TrimSpace(m[1]) != "" {
			if !inList && len(out) > 0 && out[len(out)-1] != "" {
				out = append(out, "")
			}
			out = append(out, "  - "+strings.TrimSpace(m[1]))
			inList, blankInList = true, false
			continue
		}
		if inList && line == "" {
			blankInList = true
			continue
		}
		if inList {
			out = append(out, "")
		}
		if blankInList && !inList {
			out = append(out, "")
		}
		inList, blankInList = false, false
		if line == "" && len(out) > 0 && out[len(out)-1] == "" {
			continue // one blank line between paragraphs
		}
		out = append(out, strings.TrimLeft(line, " \t"))
	}
	text := strings.Trim(strings.Join(out, "\n"), "\n")
	if len(links) > 0 {
		text += "\n\n" + strings.Join(links, "\n")
	}
	return text
}
