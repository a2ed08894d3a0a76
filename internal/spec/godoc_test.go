package spec

import "testing"

// TestDocText is issue 17's "Stripe's HTML descriptions arrive raw (<p>,
// <code>)" and "a bulleted list comes out without the blank // line gofmt
// puts before it": descriptions become Go doc text gofmt keeps as it is.
func TestDocText(t *testing.T) {
	for in, want := range map[string]string{
		"<p>Creates a <code>Customer</code> object.</p><p>See <a href=\"https://stripe.example/docs\">the docs</a>.</p>": "Creates a Customer object.\n\nSee [the docs].\n\n[the docs]: https://stripe.example/docs",
		"Lists things:\n- one\n- two\nAfter.":                                        "Lists things:\n\n  - one\n  - two\n\nAfter.",
		"<ul><li>a</li><li>b &amp; c</li></ul>":                                      "  - a\n  - b & c",
		"See [the guide](https://x.example/g) and [the guide](https://x.example/g).": "See [the guide] and [the guide].\n\n[the guide]: https://x.example/g",
		// Issue 26: placeholders are not markup; an HTML filter used to eat them.
		"Send <code>Authorization: Bearer <token></code>.": "Send Authorization: Bearer <token>.",
		"Pass <key> in the <b>X-Key</b> header.":           "Pass <key> in the X-Key header.",
		"Plain text, 2 < 3.":                               "Plain text, 2 < 3.",
		"":                                                 "",
	} {
		if got := docText(in); got != want {
			t.Errorf("docText(%q) =\n%q\nwant\n%q", in, got, want)
		}
	}
}
