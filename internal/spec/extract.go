package spec

import (
	"bytes"
	"encoding/json"
)

// extensionSource returns a copy of data in which everything but the
// top-level x-authgen entry is blanked, newlines kept, so that parsing it
// gives the block's nodes at their true lines and columns at a fraction of
// the cost of parsing a large document (GitHub's is 13 MB). hasOpenAPI
// reports a top-level "openapi" key. ok is false when the layout is not one
// it recognises; the caller then parses the whole document.
func extensionSource(data []byte) (masked []byte, hasOpenAPI, ok bool) {
	trimmed := bytes.TrimLeft(data, " \t\r\n\ufeff")
	if len(trimmed) > 0 && trimmed[0] == '{' {
		return jsonExtension(data)
	}
	return yamlExtension(data)
}

// blank is data with every byte but newlines turned into a space.
func blank(data []byte) []byte {
	out := bytes.Repeat([]byte{' '}, len(data))
	for i, c := range data {
		if c == '\n' {
			out[i] = '\n'
		}
	}
	return out
}

// jsonExtension walks the top-level object with encoding/json and keeps the
// braces and the x-authgen member.
func jsonExtension(data []byte) ([]byte, bool, bool) {
	dec := json.NewDecoder(bytes.NewReader(data))
	open, err := dec.Token()
	if err != nil || open != json.Delim('{') {
		return nil, false, false
	}
	out := blank(data)
	openAt := bytes.IndexByte(data, '{')
	out[openAt] = '{'
	hasOpenAPI := false
	for dec.More() {
		before := int(dec.InputOffset())
		key, err := dec.Token()
		if err != nil {
			return nil, false, false
		}
		name, _ := key.(string)
		var value json.RawMessage
		if err := dec.Decode(&value); err != nil {
			return nil, false, false
		}
		after := int(dec.InputOffset())
		switch name {
		case "openapi":
			hasOpenAPI = true
		case ExtensionKey:
			start := before + bytes.IndexByte(data[before:after], '"')
			copy(out[start:after], data[start:after])
		}
	}
	closeAt := bytes.LastIndexByte(data, '}')
	if closeAt < 0 {
		return nil, false, false
	}
	out[closeAt] = '}'
	// A member kept after another needs no comma: it is the only one left.
	return out, hasOpenAPI, true
}

// yamlExtension keeps the lines of a block-style document's top-level
// x-authgen entry: from its key to the next top-level key.
func yamlExtension(data []byte) ([]byte, bool, bool) {
	out := blank(data)
	lines := bytes.SplitAfter(data, []byte("\n"))
	offset := 0
	keeping, found, hasOpenAPI := false, false, false
	for _, line := range lines {
		content := bytes.TrimRight(line, "\r\n")
		topLevel := len(content) > 0 && content[0] != ' ' && content[0] != '\t' && content[0] != '#'
		if topLevel {
			switch {
			case bytes.HasPrefix(content, []byte("---")), bytes.HasPrefix(content, []byte("...")),
				content[0] == '{', content[0] == '[', content[0] == '-', content[0] == '&', content[0] == '*', content[0] == '!', content[0] == '%':
				return nil, false, false // a layout this scan does not follow
			}
			key := topLevelKey(content)
			if key == "" {
				return nil, false, false
			}
			if key == "openapi" {
				hasOpenAPI = true
			}
			keeping = key == ExtensionKey
			found = found || keeping
		}
		if keeping {
			copy(out[offset:offset+len(line)], line)
		}
		offset += len(line)
	}
	return out, hasOpenAPI, true
}

// topLevelKey is the key of a "key: value" line, plain or quoted; "" when
// the line is not one.
func topLevelKey(line []byte) string {
	if q := line[0]; q == '"' || q == '\'' {
		end := bytes.IndexByte(line[1:], q)
		if end < 0 || !bytes.HasPrefix(bytes.TrimLeft(line[end+2:], " "), []byte(":")) {
			return ""
		}
		return string(line[1 : end+1])
	}
	colon := bytes.Index(line, []byte(":"))
	if colon <= 0 || (colon+1 < len(line) && line[colon+1] != ' ' && line[colon+1] != '\t') {
		return ""
	}
	return string(bytes.TrimRight(line[:colon], " \t"))
}
