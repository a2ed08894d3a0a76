package spec

// The provider concern: the package name and the environments (servers)
// the client can talk to.

import (
	"fmt"
	"go/token"
	"net/url"
	"regexp"
	"sort"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
)

func (b *builder) buildPackage() {
	x := b.ext
	name, pos := x.Package, x.PackagePos
	if name == "" {
		title := ""
		if b.doc.Info != nil {
			title = b.doc.Info.Title
		}
		name = PackageName(title)
		pos = Position{File: b.file, Line: 1, Column: 1}
		if name == "" {
			b.problem(pos, "no package name: set %s.package (info.title %q gives no Go identifier)", ExtensionKey, title)
			return
		}
	}
	if !token.IsIdentifier(name) || token.IsKeyword(name) || strings.ToLower(name) != name || name == "main" {
		b.problem(pos, "%s.package: %q is not a usable Go package name (want lower-case letters and digits)", ExtensionKey, name)
		return
	}
	b.p.Package = name
}

// buildEnvironments names the servers: from x-authgen environments when
// given, else from the servers' descriptions.
func (b *builder) buildEnvironments() {
	servers := b.doc.Servers
	firstURL := ""
	if len(servers) > 0 {
		firstURL = serverURL(servers[0])
	}
	seen := map[string]Position{}
	add := func(pos Position, name, rawURL, desc string) {
		goName := "Environment" + GoName(name)
		if goName == "Environment" {
			b.problem(pos, "environment %q gives no Go name", name)
			return
		}
		if prev, dup := seen[goName]; dup {
			b.problem(pos, "environment %q has the same Go name %s as the one at %s", name, goName, prev)
			return
		}
		if holder, ok := b.names.take(goName, fmt.Sprintf("environment %q", name)); !ok {
			b.problem(pos, "environment %q gives the constant %s, which %s already declares; rename the environment", name, goName, holder)
			return
		}
		seen[goName] = pos
		b.p.Environments = append(b.p.Environments, Environment{Name: name, GoName: goName, URL: absoluteURL(rawURL), Description: desc})
	}
	if len(b.ext.Environments) > 0 {
		for i, e := range b.ext.Environments {
			where := fmt.Sprintf("%s.environments[%d]", ExtensionKey, i)
			if e.Name == "" {
				b.problem(e.pos, "%s: name is required", where)
				continue
			}
			u := e.URL
			if u == "" {
				u = firstURL
			}
			if u != "" {
				if err := checkServerURL(u); err != nil {
					b.problem(e.pos, "%s.url: %v", where, err)
					continue
				}
			}
			add(e.pos, e.Name, u, e.Description)
		}
	} else {
		for i, s := range servers {
			name := strings.TrimSpace(s.Description)
			switch {
			case name == "" && len(servers) == 1:
				name = "default"
			case name == "":
				name = serverHostName(serverURL(s), seen)
				if name == "" {
					name = fmt.Sprintf("server%d", i+1)
				}
			}
			add(posOf(b.file, s.Origin), name, serverURL(s), s.Description)
		}
	}
	if len(b.p.Environments) == 0 {
		// No server at all: the client needs WithBaseURL.
		b.p.Environments = []Environment{{Name: "default", GoName: "EnvironmentDefault"}}
	}
	if v := b.ext.EnvironmentEnvVar; v != "" && !envVarPattern.MatchString(v) {
		b.problem(b.ext.pos, "%s.environmentEnv: %q is not an environment variable name", ExtensionKey, v)
	}
	b.p.EnvironmentEnvVar = b.ext.EnvironmentEnvVar
}

// serverHostName names an undescribed server by its host ("sandbox.acme.com"),
// or "" when that gives no Go name or one already taken.
func serverHostName(raw string, taken map[string]Position) string {
	u, err := url.Parse(raw)
	if err != nil || u.Hostname() == "" {
		return ""
	}
	name := u.Hostname()
	if _, dup := taken["Environment"+GoName(name)]; dup || GoName(name) == "" {
		return ""
	}
	return name
}

// serverURL expands a server's variables with their defaults.
func serverURL(s *openapi3.Server) string {
	u := s.URL
	names := make([]string, 0, len(s.Variables))
	for k := range s.Variables {
		names = append(names, k)
	}
	sort.Strings(names)
	for _, k := range names {
		u = strings.ReplaceAll(u, "{"+k+"}", s.Variables[k].Default)
	}
	return u
}

// absoluteURL is a server URL without its trailing slash. A relative server
// ("/v1") is kept as it is: the client then asks for WithBaseURL and can say
// why.
func absoluteURL(raw string) string {
	if _, err := url.Parse(raw); err != nil {
		return ""
	}
	return strings.TrimSuffix(raw, "/")
}

func checkServerURL(raw string) error {
	u, err := url.Parse(raw)
	if err != nil {
		return err
	}
	if u.Host == "" || (u.Scheme != "https" && u.Scheme != "http") {
		return fmt.Errorf("%q is not an absolute http(s) URL", raw)
	}
	return nil
}

var envVarPattern = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)
