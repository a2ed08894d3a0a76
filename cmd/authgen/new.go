package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"text/template"

	"github.com/authgen/authgen/templates"
)

// scaffold is what the spec template is filled with.
type scaffold struct {
	Name           string // package name
	Title          string
	Path           string // where the spec is written
	SchemeName     string
	SchemeYAML     string // the securitySchemes entry, indented
	CredentialYAML string // the x-authgen.credentials entry, indented; "" for none
	Env            string // prefix of the environment variables, upper case
}

var (
	packageNamePattern = regexp.MustCompile(`^[a-z][a-z0-9]*$`)
	headerNamePattern  = regexp.MustCompile("^[!#$%&'*+.^_`|~0-9A-Za-z-]+$")
)

// newScaffold checks the arguments of `authgen new` and describes the spec.
func newScaffold(name, auth, path string) (scaffold, error) {
	if !packageNamePattern.MatchString(name) {
		return scaffold{}, fmt.Errorf("name %q: want a Go package name, lower-case letters and digits, such as acme", name)
	}
	s := scaffold{Name: name, Title: strings.ToUpper(name[:1]) + name[1:], Path: filepath.ToSlash(path)}
	env := strings.ToUpper(name)
	s.Env = env
	kind, param, _ := strings.Cut(auth, ":")
	switch kind {
	case "bearer":
		s.SchemeName = "apiKey"
		s.SchemeYAML = "    apiKey:\n      type: http\n      scheme: bearer\n      description: 'The API key, sent as \"Authorization: Bearer <key>\".'"
		s.CredentialYAML = "      env: " + env + "_API_KEY\n      # Optional headers that go with the key only (an organization id):\n      # headers: [{name: " + s.Title + "-Organization, env: " + env + "_ORG_ID}]"
	case "header", "query":
		if param == "" || !headerNamePattern.MatchString(param) {
			return scaffold{}, fmt.Errorf("--auth %s:NAME: %q is not a valid %s parameter name", kind, param, kind)
		}
		s.SchemeName = "apiKey"
		s.SchemeYAML = fmt.Sprintf("    apiKey:\n      type: apiKey\n      in: %s\n      name: %s\n      description: The API key, sent in the %s %s.", kind, param, kind, param)
		s.CredentialYAML = "      env: " + env + "_API_KEY"
	case "basic":
		s.SchemeName = "basicAuth"
		s.SchemeYAML = "    basicAuth:\n      type: http\n      scheme: basic\n      description: HTTP basic authentication."
		s.CredentialYAML = "      env: " + env + "_PASSWORD\n      userEnv: " + env + "_USER\n      # The user name sent, when the docs give it a shape:\n      # username: \"{email}/token\"\n      # A path parameter that defaults to the user name (an account id):\n      # userPathParam: AccountSid"
	case "oauth2":
		s.SchemeName = "oauth2"
		s.SchemeYAML = fmt.Sprintf("    oauth2:\n      type: oauth2\n      description: OAuth 2.0 client credentials; the client fetches and refreshes the token.\n      flows:\n        clientCredentials:\n          tokenUrl: https://api.%s.example/oauth/token\n          scopes: {}", name)
	default:
		return scaffold{}, fmt.Errorf("--auth %q: want bearer, header:NAME, query:NAME, basic or oauth2", auth)
	}
	if (kind == "bearer" || kind == "basic" || kind == "oauth2") && param != "" {
		return scaffold{}, fmt.Errorf("--auth %s takes no :NAME", kind)
	}
	return s, nil
}

func (s scaffold) render() ([]byte, error) {
	tmpl, err := template.New("spec").Option("missingkey=error").Parse(templates.NewSpec)
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	if err := tmpl.Execute(&buf, s); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

func runNew(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("new", stderr)
	auth := fs.String("auth", "bearer", "how the API authenticates: `bearer`, header:NAME, query:NAME, basic or oauth2")
	dir := fs.String("dir", defaultSpecsDir, "the `DIR` to write NAME.yaml into")
	force := fs.Bool("force", false, "overwrite an existing spec")
	if code, done := parse(fs, args, stdout); done {
		return code
	}
	if fs.NArg() != 1 {
		fmt.Fprintln(stderr, "authgen new: name one provider, such as: authgen new acme --auth header:X-Api-Key")
		return exitUsage
	}
	insideSpecs := false
	if !fs.Changed("dir") {
		// Run inside specs/ itself, the default would write specs/specs/.
		if cwd, err := os.Getwd(); err == nil && filepath.Base(cwd) == defaultSpecsDir {
			*dir, insideSpecs = ".", true
		}
	}
	path := filepath.Join(*dir, fs.Arg(0)+".yaml")
	s, err := newScaffold(fs.Arg(0), *auth, path)
	if err != nil {
		fmt.Fprintf(stderr, "authgen new: %v\n", err)
		return exitUsage
	}
	content, err := s.render()
	if err != nil {
		fmt.Fprintf(stderr, "authgen new: %v\n", err)
		return exitProblem
	}
	if _, err := os.Stat(path); err == nil && !*force {
		fmt.Fprintf(stderr, "authgen new: %s exists; pass --force to overwrite it\n", path)
		return exitProblem
	} else if err != nil && !errors.Is(err, os.ErrNotExist) {
		fmt.Fprintf(stderr, "authgen new: %v\n", err)
		return exitProblem
	}
	if err := os.MkdirAll(*dir, 0o755); err != nil {
		fmt.Fprintf(stderr, "authgen new: %v\n", err)
		return exitProblem
	}
	if err := writeFileAtomic(path, content); err != nil {
		fmt.Fprintf(stderr, "authgen new: %v\n", err)
		return exitProblem
	}
	// The no-argument generate reads specs/ from the module's root; a spec
	// anywhere else is generated by naming it.
	next := "authgen generate"
	switch {
	case insideSpecs:
		next = "cd .. && authgen generate"
	case filepath.Clean(*dir) != defaultSpecsDir:
		next = fmt.Sprintf("authgen generate --spec %s --out internal/%s", path, fs.Arg(0))
	}
	fmt.Fprintf(stdout, "wrote %s\nnext: fill it in from the vendor's docs, then\n  authgen lint %s\n  %s\n", path, path, next)
	return exitOK
}
