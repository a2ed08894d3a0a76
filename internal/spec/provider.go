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
	name, pos := x.Package, x.keyPos("package")
	if x.PackagePos != (Position{}) {
		pos = x.PackagePos // Options.Package
	}
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
		firstURL = servers[0].URL
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
		b.p.Environments = append(b.p.Environments, Environment{Name: name, GoName: goName, URL: serverTemplate(rawURL), Description: docText(desc)})
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
				if err := checkServerURL(withPlaceholders(u)); err != nil {
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
			add(posOf(b.file, s.Origin), name, s.URL, s.Description)
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

// serverTemplate is a server URL, {variables} kept, without its trailing
// slash; "" when it does not parse. A relative server ("/v1") is kept as it
// is: the client then asks for WithBaseURL and can say why.
func serverTemplate(raw string) string {
	if _, err := url.Parse(withPlaceholders(raw)); err != nil {
		return ""
	}
	return strings.TrimSuffix(raw, "/")
}

// withPlaceholders fills every {variable} with a value that parses, to
// check the rest of a URL template.
func withPlaceholders(raw string) string {
	out := raw
	for _, name := range templateVariables(raw) {
		out = strings.ReplaceAll(out, "{"+name+"}", "x")
	}
	return out
}

// templateVariables lists the {variables} of a URL template, in order,
// each once.
func templateVariables(raw string) []string {
	var names []string
	seen := map[string]bool{}
	for rest := raw; ; {
		open := strings.IndexByte(rest, '{')
		if open < 0 {
			return names
		}
		end := strings.IndexByte(rest[open:], '}')
		if end < 0 {
			return names
		}
		name := rest[open+1 : open+end]
		if name != "" && !seen[name] {
			seen[name] = true
			names = append(names, name)
		}
		rest = rest[open+end+1:]
	}
}

// buildServerVariables gives every {variable} of the environments' URLs an
// option, its default and enum from the servers that declare it, and what
// x-authgen.serverVariables adds: an environment variable, and whether the
// value belongs to the customer (tenant). Without a word from the spec, a
// variable with an enum has real defaults and one without is a tenant's
// (its default is a placeholder such as "example"): New then fails when it
// is unset, rather than send credentials to a placeholder host.
func (b *builder) buildServerVariables() {
	declared := map[string]*openapi3.ServerVariable{}
	declaredAt := map[string]Position{}
	for _, s := range b.doc.Servers {
		for _, name := range sortedKeys(s.Variables) {
			if _, ok := declared[name]; !ok && s.Variables[name] != nil {
				declared[name], declaredAt[name] = s.Variables[name], posOf(b.file, s.Origin)
			}
		}
	}
	used := map[string]bool{}
	for _, e := range b.p.Environments {
		for _, name := range templateVariables(e.URL) {
			used[name] = true
		}
	}
	configured := map[string]serverVariableConfig{}
	for _, c := range b.ext.ServerVariables {
		where := ExtensionKey + ".serverVariables." + c.Name
		if !used[c.Name] {
			msg := fmt.Sprintf("%s: no server URL has the variable {%s}", where, c.Name)
			if s := suggest(c.Name, sortedKeys(used)); s != "" {
				msg += fmt.Sprintf(" (did you mean %q?)", s)
			}
			b.problem(c.pos, "%s", msg)
			continue
		}
		if c.EnvVar != "" && !envVarPattern.MatchString(c.EnvVar) {
			b.problem(c.pos, "%s.env: %q is not an environment variable name", where, c.EnvVar)
		}
		configured[c.Name] = c
	}
	for _, name := range sortedKeys(used) {
		pos, ok := declaredAt[name]
		if c, has := configured[name]; has {
			pos = c.pos
		} else if !ok {
			pos = b.ext.pos
		}
		v := ServerVariable{Name: name, Option: "With" + GoName(name), Tenant: true}
		if d := declared[name]; d != nil {
			v.Default, v.Enum, v.Description = d.Default, append([]string(nil), d.Enum...), docText(d.Description)
			v.Tenant = len(d.Enum) == 0
		}
		if c, has := configured[name]; has {
			v.EnvVar = c.EnvVar
			if c.Tenant != nil {
				v.Tenant = *c.Tenant
			}
			if c.Description != "" {
				v.Description = docText(c.Description)
			}
		}
		switch {
		case v.Option == "With":
			b.problem(pos, "server variable {%s} gives no Go name for its option", name)
			continue
		case !v.Tenant && v.Default == "":
			b.problem(pos, "server variable {%s} has no default; declare one in servers, or mark it %s.serverVariables.%s.tenant: true", name, ExtensionKey, name)
			continue
		}
		if holder, ok := b.names.take(v.Option, fmt.Sprintf("server variable {%s}", name)); !ok {
			b.problem(pos, "server variable {%s}: its option %s meets %s; rename the variable", name, v.Option, holder)
			continue
		}
		b.p.ServerVariables = append(b.p.ServerVariables, v)
	}
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
