package spec

import (
	"encoding/json"
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"
	"time"

	"go.yaml.in/yaml/v4"
)

// ExtensionKey is the top-level key of a spec that holds what OpenAPI
// cannot say.
const ExtensionKey = "x-authgen"

// extension is the x-authgen block as written, with the position of each
// part so that later checks can point at it. Load turns it into the model.
type extension struct {
	pos               Position
	Package           string
	PackagePos        Position
	Environments      []environmentConfig
	EnvironmentEnvVar string
	Credentials       []credentialConfig
	Errors            errorsConfig
	SuccessData       string
	SuccessPos        Position
	SuccessOperations []successOperationConfig
	Retry             retryConfig
	RateLimit         rateLimitConfig
	Metering          []meteringConfig
	RequestID         string
	RequestIDPos      Position
	ServerVariables   []serverVariableConfig
	Headers           []fixedHeaderConfig
	// Operations is the operation filter; it is applied to the document
	// before it is loaded (internal/overlay), and decoded here to check it.
	Operations operationsConfig
	Pagination paginationConfig
	Webhooks   *webhooksConfig
}

// webhooksConfig is x-authgen.webhooks: how the provider signs the
// webhooks it sends, and the events a 3.0 document cannot describe.
type webhooksConfig struct {
	pos                                                        Position
	Preset, Header, Algorithm, Encoding, Prefix, Separator     string
	TimestampHeader, IDHeader, Signed, SecretPrefix, SecretEnv string
	KeyedTimestamp, KeyedSignature, EventHeader, EventType     string
	Tolerance                                                  *time.Duration
	MaxBody                                                    int
	Events                                                     []webhookEventConfig
	fieldPos                                                   map[string]Position
}

type webhookEventConfig struct {
	pos                Position
	Type, Schema, Name string
}

// paginationConfig is x-authgen.pagination: a rule per operation, and a
// default rule for every operation it fits.
type paginationConfig struct {
	Default    *pageRuleConfig
	Operations []pageRuleConfig
}

type pageRuleConfig struct {
	pos                                               Position
	OperationID                                       string
	Style, Items, Next, HasMore, Total, Param, ItemID string
	Start                                             *int
}

// successOperationConfig is one operation's own success envelope: the
// pointer to its data, "" for the whole body.
type successOperationConfig struct {
	pos               Position
	OperationID, Data string
}

// operationsConfig is x-authgen.operations: the operations to keep.
type operationsConfig struct {
	Tags, OperationIDs, Paths, Webhooks []string
}

type fixedHeaderConfig struct {
	pos         Position
	Name, Value string
}

type serverVariableConfig struct {
	pos         Position
	Name        string
	EnvVar      string
	Tenant      *bool
	Description string
}

type environmentConfig struct {
	pos         Position
	Name        string
	URL         string
	Description string
}

type credentialConfig struct {
	pos     Position
	Scheme  string
	EnvVar  string
	UserEnv string
	Formats []formatConfig
	// Username is the shape of the user name basic auth sends, with one
	// {placeholder} for the one the caller gives ("{email}/token").
	Username, UserPathParam       string
	UsernamePos, UserPathParamPos Position
	Headers                       []credentialHeaderConfig
}

// credentialHeaderConfig is an optional header sent with the credential.
type credentialHeaderConfig struct {
	pos          Position
	Name, EnvVar string
}

type formatConfig struct {
	pos         Position
	Prefix      string
	Pattern     string
	Environment string
}

type errorsConfig struct {
	Code, Message, Details          string
	CodePos, MessagePos, DetailsPos Position
	Codes                           []codeConfig
	Shapes                          []shapeConfig
	FailurePointer, FailureEquals   string // FailureEquals is JSON text
	FailurePos                      Position
	Fields                          []errorFieldConfig
}

// errorFieldConfig is one more member of the error envelope, typed.
type errorFieldConfig struct {
	pos                              Position
	Name, Pointer, Type, Description string
}

// shapeConfig is another envelope the vendor's errors come in.
type shapeConfig struct {
	pos                    Position
	Code, Message, Details string
}

type codeConfig struct {
	pos         Position
	Code        string
	Name        string // the sentinel's name after Err, for codes that are numbers (Twilio's 20003)
	NoRetry     bool   // retry: false
	Status      int
	Description string
}

type retryConfig struct {
	ShouldRetry, Idempotency       string
	ShouldRetryPos, IdempotencyPos Position
	MaxRetries                     *int
	BaseDelay                      time.Duration
	MaxDelay                       time.Duration
	MaxWait                        time.Duration
	MinWait                        time.Duration
	DelayHeaders                   []headerConfig
	Statuses                       []int
}

type headerConfig struct {
	pos           Position
	Name          string
	Format        string
	WhenExhausted bool
}

type rateLimitConfig struct {
	Limit, Remaining, Bucket          string
	LimitPos, RemainingPos, BucketPos Position
	Reset                             headerConfig
	Statuses                          []int
	StatusesPos                       Position
}

type meteringConfig struct {
	pos         Position
	Header      string
	Name        string
	Type        string
	Description string
}

// extDecoder reads the x-authgen block from YAML nodes. Every key is checked
// against the ones it knows, so a typo is an error, not a silently different
// client.
type extDecoder struct {
	r *reporter
}

func (d *extDecoder) pos(n *yaml.Node) Position {
	return Position{File: d.r.file, Line: n.Line, Column: n.Column}
}

func (d *extDecoder) fail(n *yaml.Node, format string, args ...any) {
	d.r.at(n.Line, n.Column, format, args...)
}

func resolveAlias(n *yaml.Node) *yaml.Node {
	for n != nil && n.Kind == yaml.AliasNode {
		n = n.Alias
	}
	return n
}

// object walks a mapping, handing each known key's value to its field
// function and reporting unknown and repeated keys.
func (d *extDecoder) object(n *yaml.Node, where string, fields map[string]func(*yaml.Node)) {
	n = resolveAlias(n)
	if n.Kind != yaml.MappingNode {
		d.fail(n, "%s: want an object, not %s", where, describeNode(n))
		return
	}
	known := make([]string, 0, len(fields))
	for k := range fields {
		known = append(known, k)
	}
	sort.Strings(known)
	seen := map[string]bool{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		key, value := n.Content[i], n.Content[i+1]
		if seen[key.Value] {
			d.fail(key, "%s: key %q appears twice", where, key.Value)
			continue
		}
		seen[key.Value] = true
		fn, ok := fields[key.Value]
		if !ok {
			msg := fmt.Sprintf("%s: unknown key %q", where, key.Value)
			if s := suggest(key.Value, known); s != "" {
				msg += fmt.Sprintf(" (did you mean %q?)", s)
			} else {
				msg += " (known keys: " + strings.Join(known, ", ") + ")"
			}
			d.fail(key, "%s", msg)
			continue
		}
		fn(value)
	}
}

// list walks a sequence.
func (d *extDecoder) list(n *yaml.Node, where string, item func(i int, n *yaml.Node)) {
	n = resolveAlias(n)
	if n.Kind != yaml.SequenceNode {
		d.fail(n, "%s: want a list, not %s", where, describeNode(n))
		return
	}
	for i, c := range n.Content {
		item(i, resolveAlias(c))
	}
}

// str reads a string scalar.
func (d *extDecoder) str(n *yaml.Node, where string) string {
	n = resolveAlias(n)
	if n.Kind != yaml.ScalarNode || n.Tag == "!!null" {
		d.fail(n, "%s: want a string, not %s", where, describeNode(n))
		return ""
	}
	return n.Value
}

// jsonScalar reads a scalar as the JSON text it matches: true, 12, "x".
func (d *extDecoder) jsonScalar(n *yaml.Node, where string) string {
	n = resolveAlias(n)
	if n.Kind != yaml.ScalarNode {
		d.fail(n, "%s: want a scalar (true, a number, a string), not %s", where, describeNode(n))
		return ""
	}
	switch n.Tag {
	case "!!bool", "!!int", "!!float", "!!null":
		return n.Value
	}
	b, _ := json.Marshal(n.Value)
	return string(b)
}

// boolean reads true or false.
func (d *extDecoder) boolean(n *yaml.Node, where string) *bool {
	n = resolveAlias(n)
	if n.Kind != yaml.ScalarNode || (n.Value != "true" && n.Value != "false") {
		d.fail(n, "%s: want true or false, not %s", where, describeNode(n))
		return nil
	}
	v := n.Value == "true"
	return &v
}

// integer reads a whole number within [lo, hi].
func (d *extDecoder) integer(n *yaml.Node, where string, lo, hi int) (int, bool) {
	n = resolveAlias(n)
	v, err := strconv.Atoi(n.Value)
	if n.Kind != yaml.ScalarNode || err != nil {
		d.fail(n, "%s: want a whole number, not %s", where, describeNode(n))
		return 0, false
	}
	if v < lo || v > hi {
		d.fail(n, "%s: %d is out of range [%d, %d]", where, v, lo, hi)
		return 0, false
	}
	return v, true
}

// duration reads a Go duration ("500ms", "30s") or a number of seconds.
func (d *extDecoder) duration(n *yaml.Node, where string) time.Duration {
	n = resolveAlias(n)
	if n.Kind != yaml.ScalarNode {
		d.fail(n, "%s: want a duration such as \"500ms\" or \"30s\", not %s", where, describeNode(n))
		return 0
	}
	if secs, err := strconv.ParseFloat(n.Value, 64); err == nil && secs >= 0 && !math.IsInf(secs, 0) {
		return time.Duration(secs * float64(time.Second))
	}
	v, err := time.ParseDuration(n.Value)
	if err != nil || v < 0 {
		d.fail(n, "%s: %q is not a duration such as \"500ms\" or \"30s\"", where, n.Value)
		return 0
	}
	return v
}

func describeNode(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "an object"
	case yaml.SequenceNode:
		return "a list"
	case yaml.ScalarNode:
		if n.Tag == "!!null" {
			return "null"
		}
		return fmt.Sprintf("%q", n.Value)
	}
	return "nothing"
}

// decodeExtension reads the x-authgen block at n.
func decodeExtension(n *yaml.Node, r *reporter) *extension {
	d := &extDecoder{r: r}
	x := &extension{pos: d.pos(n)}
	const at = ExtensionKey
	d.object(n, at, map[string]func(*yaml.Node){
		"package": func(v *yaml.Node) {
			x.Package, x.PackagePos = d.str(v, at+".package"), d.pos(v)
		},
		"environments": func(v *yaml.Node) {
			d.list(v, at+".environments", func(i int, item *yaml.Node) {
				e := environmentConfig{pos: d.pos(item)}
				where := fmt.Sprintf("%s.environments[%d]", at, i)
				d.object(item, where, map[string]func(*yaml.Node){
					"name":        func(v *yaml.Node) { e.Name = d.str(v, where+".name") },
					"url":         func(v *yaml.Node) { e.URL = d.str(v, where+".url") },
					"description": func(v *yaml.Node) { e.Description = d.str(v, where+".description") },
				})
				x.Environments = append(x.Environments, e)
			})
		},
		"environmentEnv": func(v *yaml.Node) { x.EnvironmentEnvVar = d.str(v, at+".environmentEnv") },
		"webhooks": func(v *yaml.Node) {
			where := at + ".webhooks"
			w := &webhooksConfig{pos: d.pos(v), fieldPos: map[string]Position{}}
			str := func(key string, into *string) func(*yaml.Node) {
				return func(v *yaml.Node) { *into, w.fieldPos[key] = d.str(v, where+"."+key), d.pos(v) }
			}
			d.object(v, where, map[string]func(*yaml.Node){
				"preset":          str("preset", &w.Preset),
				"header":          str("header", &w.Header),
				"algorithm":       str("algorithm", &w.Algorithm),
				"encoding":        str("encoding", &w.Encoding),
				"prefix":          str("prefix", &w.Prefix),
				"separator":       str("separator", &w.Separator),
				"timestampHeader": str("timestampHeader", &w.TimestampHeader),
				"idHeader":        str("idHeader", &w.IDHeader),
				"signed":          str("signed", &w.Signed),
				"secretPrefix":    str("secretPrefix", &w.SecretPrefix),
				"secretEnv":       str("secretEnv", &w.SecretEnv),
				"eventHeader":     str("eventHeader", &w.EventHeader),
				"eventType":       str("eventType", &w.EventType),
				"keyed": func(v *yaml.Node) {
					w.fieldPos["keyed"] = d.pos(v)
					d.object(v, where+".keyed", map[string]func(*yaml.Node){
						"timestamp": func(v *yaml.Node) { w.KeyedTimestamp = d.str(v, where+".keyed.timestamp") },
						"signature": func(v *yaml.Node) { w.KeyedSignature = d.str(v, where+".keyed.signature") },
					})
				},
				"tolerance": func(v *yaml.Node) {
					t := d.duration(v, where+".tolerance")
					w.Tolerance, w.fieldPos["tolerance"] = &t, d.pos(v)
				},
				"maxBody": func(v *yaml.Node) {
					w.MaxBody, _ = d.integer(v, where+".maxBody", 1, 1<<30)
				},
				"events": func(v *yaml.Node) {
					d.list(v, where+".events", func(i int, item *yaml.Node) {
						e := webhookEventConfig{pos: d.pos(item)}
						ew := fmt.Sprintf("%s.events[%d]", where, i)
						d.object(item, ew, map[string]func(*yaml.Node){
							"type":   func(v *yaml.Node) { e.Type = d.str(v, ew+".type") },
							"schema": func(v *yaml.Node) { e.Schema = d.str(v, ew+".schema") },
							"name":   func(v *yaml.Node) { e.Name = d.str(v, ew+".name") },
						})
						w.Events = append(w.Events, e)
					})
				},
			})
			x.Webhooks = w
		},
		"pagination": func(v *yaml.Node) {
			where := at + ".pagination"
			rule := func(v *yaml.Node, w string, r *pageRuleConfig) {
				r.pos = d.pos(v)
				d.object(v, w, map[string]func(*yaml.Node){
					"style":   func(v *yaml.Node) { r.Style = d.str(v, w+".style") },
					"items":   func(v *yaml.Node) { r.Items = d.str(v, w+".items") },
					"next":    func(v *yaml.Node) { r.Next = d.str(v, w+".next") },
					"hasMore": func(v *yaml.Node) { r.HasMore = d.str(v, w+".hasMore") },
					"total":   func(v *yaml.Node) { r.Total = d.str(v, w+".total") },
					"param":   func(v *yaml.Node) { r.Param = d.str(v, w+".param") },
					"itemId":  func(v *yaml.Node) { r.ItemID = d.str(v, w+".itemId") },
					"start": func(v *yaml.Node) {
						if n, ok := d.integer(v, w+".start", 0, 1); ok {
							r.Start = &n
						}
					},
				})
			}
			d.object(v, where, map[string]func(*yaml.Node){
				"default": func(v *yaml.Node) {
					x.Pagination.Default = &pageRuleConfig{}
					rule(v, where+".default", x.Pagination.Default)
				},
				"operations": func(v *yaml.Node) {
					v = resolveAlias(v)
					if v.Kind != yaml.MappingNode {
						d.fail(v, "%s.operations: want an object keyed by operationId, not %s", where, describeNode(v))
						return
					}
					for i := 0; i+1 < len(v.Content); i += 2 {
						r := pageRuleConfig{OperationID: v.Content[i].Value}
						rule(v.Content[i+1], where+".operations."+r.OperationID, &r)
						r.pos = d.pos(v.Content[i])
						x.Pagination.Operations = append(x.Pagination.Operations, r)
					}
				},
			})
		},
		"operations": func(v *yaml.Node) {
			where := at + ".operations"
			strs := func(key string, into *[]string) func(*yaml.Node) {
				return func(v *yaml.Node) {
					d.list(v, where+"."+key, func(i int, item *yaml.Node) {
						s := d.str(item, fmt.Sprintf("%s.%s[%d]", where, key, i))
						if key == "paths" && s != "" && !strings.HasPrefix(s, "/") {
							d.fail(item, "%s.paths[%d]: %q: want a path pattern starting with \"/\" (\"*\" matches within a segment, \"**\" across segments)", where, i, s)
						}
						*into = append(*into, s)
					})
				}
			}
			d.object(v, where, map[string]func(*yaml.Node){
				"tags":         strs("tags", &x.Operations.Tags),
				"operationIds": strs("operationIds", &x.Operations.OperationIDs),
				"paths":        strs("paths", &x.Operations.Paths),
				"webhooks":     strs("webhooks", &x.Operations.Webhooks),
			})
		},
		"serverVariables": func(v *yaml.Node) {
			v = resolveAlias(v)
			if v.Kind != yaml.MappingNode {
				d.fail(v, "%s.serverVariables: want an object keyed by server variable, not %s", at, describeNode(v))
				return
			}
			for i := 0; i+1 < len(v.Content); i += 2 {
				key := v.Content[i]
				sv := serverVariableConfig{pos: d.pos(key), Name: key.Value}
				where := at + ".serverVariables." + key.Value
				d.object(v.Content[i+1], where, map[string]func(*yaml.Node){
					"env":         func(v *yaml.Node) { sv.EnvVar = d.str(v, where+".env") },
					"tenant":      func(v *yaml.Node) { sv.Tenant = d.boolean(v, where+".tenant") },
					"description": func(v *yaml.Node) { sv.Description = d.str(v, where+".description") },
				})
				x.ServerVariables = append(x.ServerVariables, sv)
			}
		},
		"credentials": func(v *yaml.Node) {
			v = resolveAlias(v)
			if v.Kind != yaml.MappingNode {
				d.fail(v, "%s.credentials: want an object keyed by security scheme, not %s", at, describeNode(v))
				return
			}
			for i := 0; i+1 < len(v.Content); i += 2 {
				key := v.Content[i]
				c := credentialConfig{pos: d.pos(key), Scheme: key.Value}
				where := at + ".credentials." + key.Value
				d.object(v.Content[i+1], where, map[string]func(*yaml.Node){
					"env":     func(v *yaml.Node) { c.EnvVar = d.str(v, where+".env") },
					"userEnv": func(v *yaml.Node) { c.UserEnv = d.str(v, where+".userEnv") },
					"username": func(v *yaml.Node) {
						c.Username, c.UsernamePos = d.str(v, where+".username"), d.pos(v)
					},
					"userPathParam": func(v *yaml.Node) {
						c.UserPathParam, c.UserPathParamPos = d.str(v, where+".userPathParam"), d.pos(v)
					},
					"headers": func(v *yaml.Node) {
						d.list(v, where+".headers", func(j int, item *yaml.Node) {
							h := credentialHeaderConfig{pos: d.pos(item)}
							hw := fmt.Sprintf("%s.headers[%d]", where, j)
							d.object(item, hw, map[string]func(*yaml.Node){
								"name": func(v *yaml.Node) { h.Name = d.str(v, hw+".name") },
								"env":  func(v *yaml.Node) { h.EnvVar = d.str(v, hw+".env") },
							})
							c.Headers = append(c.Headers, h)
						})
					},
					"keyFormats": func(v *yaml.Node) {
						d.list(v, where+".keyFormats", func(j int, item *yaml.Node) {
							f := formatConfig{pos: d.pos(item)}
							fw := fmt.Sprintf("%s.keyFormats[%d]", where, j)
							d.object(item, fw, map[string]func(*yaml.Node){
								"prefix":      func(v *yaml.Node) { f.Prefix = d.str(v, fw+".prefix") },
								"pattern":     func(v *yaml.Node) { f.Pattern = d.str(v, fw+".pattern") },
								"environment": func(v *yaml.Node) { f.Environment = d.str(v, fw+".environment") },
							})
							c.Formats = append(c.Formats, f)
						})
					},
				})
				x.Credentials = append(x.Credentials, c)
			}
		},
		"errors": func(v *yaml.Node) {
			where := at + ".errors"
			d.object(v, where, map[string]func(*yaml.Node){
				"envelope": func(v *yaml.Node) {
					ew := where + ".envelope"
					d.object(v, ew, map[string]func(*yaml.Node){
						"code":    func(v *yaml.Node) { x.Errors.Code, x.Errors.CodePos = d.str(v, ew+".code"), d.pos(v) },
						"message": func(v *yaml.Node) { x.Errors.Message, x.Errors.MessagePos = d.str(v, ew+".message"), d.pos(v) },
						"details": func(v *yaml.Node) { x.Errors.Details, x.Errors.DetailsPos = d.str(v, ew+".details"), d.pos(v) },
					})
				},
				"failureWhen": func(v *yaml.Node) {
					fw := where + ".failureWhen"
					x.Errors.FailurePos = d.pos(v)
					d.object(v, fw, map[string]func(*yaml.Node){
						"pointer": func(v *yaml.Node) { x.Errors.FailurePointer = d.str(v, fw+".pointer") },
						"equals":  func(v *yaml.Node) { x.Errors.FailureEquals = d.jsonScalar(v, fw+".equals") },
					})
				},
				"fields": func(v *yaml.Node) {
					d.list(v, where+".fields", func(i int, item *yaml.Node) {
						fc := errorFieldConfig{pos: d.pos(item), Type: string(MeterString)}
						fw := fmt.Sprintf("%s.fields[%d]", where, i)
						d.object(item, fw, map[string]func(*yaml.Node){
							"name":        func(v *yaml.Node) { fc.Name = d.str(v, fw+".name") },
							"pointer":     func(v *yaml.Node) { fc.Pointer = d.str(v, fw+".pointer") },
							"type":        func(v *yaml.Node) { fc.Type = d.str(v, fw+".type") },
							"description": func(v *yaml.Node) { fc.Description = d.str(v, fw+".description") },
						})
						x.Errors.Fields = append(x.Errors.Fields, fc)
					})
				},
				"shapes": func(v *yaml.Node) {
					d.list(v, where+".shapes", func(i int, item *yaml.Node) {
						s := shapeConfig{pos: d.pos(item)}
						sw := fmt.Sprintf("%s.shapes[%d]", where, i)
						d.object(item, sw, map[string]func(*yaml.Node){
							"code":    func(v *yaml.Node) { s.Code = d.str(v, sw+".code") },
							"message": func(v *yaml.Node) { s.Message = d.str(v, sw+".message") },
							"details": func(v *yaml.Node) { s.Details = d.str(v, sw+".details") },
						})
						x.Errors.Shapes = append(x.Errors.Shapes, s)
					})
				},
				"codes": func(v *yaml.Node) {
					d.list(v, where+".codes", func(i int, item *yaml.Node) {
						c := codeConfig{pos: d.pos(item)}
						cw := fmt.Sprintf("%s.codes[%d]", where, i)
						d.object(item, cw, map[string]func(*yaml.Node){
							"code": func(v *yaml.Node) { c.Code = d.str(v, cw+".code") },
							"status": func(v *yaml.Node) {
								c.Status, _ = d.integer(v, cw+".status", 100, 599)
							},
							"description": func(v *yaml.Node) { c.Description = d.str(v, cw+".description") },
							"name":        func(v *yaml.Node) { c.Name = d.str(v, cw+".name") },
							"retry": func(v *yaml.Node) {
								if b := d.boolean(v, cw+".retry"); b != nil {
									c.NoRetry = !*b
								}
							},
						})
						x.Errors.Codes = append(x.Errors.Codes, c)
					})
				},
			})
		},
		"success": func(v *yaml.Node) {
			d.object(v, at+".success", map[string]func(*yaml.Node){
				"data": func(v *yaml.Node) { x.SuccessData, x.SuccessPos = d.str(v, at+".success.data"), d.pos(v) },
				"operations": func(v *yaml.Node) {
					v = resolveAlias(v)
					if v.Kind != yaml.MappingNode {
						d.fail(v, "%s.success.operations: want an object of operationId to JSON pointer, not %s", at, describeNode(v))
						return
					}
					for i := 0; i+1 < len(v.Content); i += 2 {
						key := v.Content[i]
						x.SuccessOperations = append(x.SuccessOperations, successOperationConfig{pos: d.pos(key), OperationID: key.Value, Data: d.str(v.Content[i+1], at+".success.operations."+key.Value)})
					}
				},
			})
		},
		"retry": func(v *yaml.Node) {
			where := at + ".retry"
			d.object(v, where, map[string]func(*yaml.Node){
				"maxRetries": func(v *yaml.Node) {
					if n, ok := d.integer(v, where+".maxRetries", 0, 100); ok {
						x.Retry.MaxRetries = &n
					}
				},
				"baseDelay": func(v *yaml.Node) { x.Retry.BaseDelay = d.duration(v, where+".baseDelay") },
				"maxDelay":  func(v *yaml.Node) { x.Retry.MaxDelay = d.duration(v, where+".maxDelay") },
				"maxWait":   func(v *yaml.Node) { x.Retry.MaxWait = d.duration(v, where+".maxWait") },
				"minWait":   func(v *yaml.Node) { x.Retry.MinWait = d.duration(v, where+".minWait") },
				"statuses": func(v *yaml.Node) {
					d.list(v, where+".statuses", func(i int, item *yaml.Node) {
						if n, ok := d.integer(item, fmt.Sprintf("%s.statuses[%d]", where, i), 500, 599); ok {
							x.Retry.Statuses = append(x.Retry.Statuses, n)
						}
					})
				},
				"shouldRetryHeader": func(v *yaml.Node) {
					x.Retry.ShouldRetry, x.Retry.ShouldRetryPos = d.str(v, where+".shouldRetryHeader"), d.pos(v)
				},
				"idempotencyHeader": func(v *yaml.Node) {
					x.Retry.Idempotency, x.Retry.IdempotencyPos = d.str(v, where+".idempotencyHeader"), d.pos(v)
				},
				"delayHeaders": func(v *yaml.Node) {
					d.list(v, where+".delayHeaders", func(i int, item *yaml.Node) {
						x.Retry.DelayHeaders = append(x.Retry.DelayHeaders,
							d.header(item, fmt.Sprintf("%s.delayHeaders[%d]", where, i)))
					})
				},
			})
		},
		"rateLimit": func(v *yaml.Node) {
			where := at + ".rateLimit"
			d.object(v, where, map[string]func(*yaml.Node){
				"limit": func(v *yaml.Node) {
					x.RateLimit.Limit, x.RateLimit.LimitPos = d.str(v, where+".limit"), d.pos(v)
				},
				"remaining": func(v *yaml.Node) {
					x.RateLimit.Remaining, x.RateLimit.RemainingPos = d.str(v, where+".remaining"), d.pos(v)
				},
				"reset": func(v *yaml.Node) { x.RateLimit.Reset = d.header(v, where+".reset") },
				"bucket": func(v *yaml.Node) {
					x.RateLimit.Bucket, x.RateLimit.BucketPos = d.str(v, where+".bucket"), d.pos(v)
				},
				"statuses": func(v *yaml.Node) {
					x.RateLimit.StatusesPos = d.pos(v)
					d.list(v, where+".statuses", func(i int, item *yaml.Node) {
						if n, ok := d.integer(item, fmt.Sprintf("%s.statuses[%d]", where, i), 400, 599); ok {
							x.RateLimit.Statuses = append(x.RateLimit.Statuses, n)
						}
					})
				},
			})
		},
		"metering": func(v *yaml.Node) {
			d.list(v, at+".metering", func(i int, item *yaml.Node) {
				m := meteringConfig{pos: d.pos(item), Type: string(MeterInteger)}
				where := fmt.Sprintf("%s.metering[%d]", at, i)
				d.object(item, where, map[string]func(*yaml.Node){
					"header":      func(v *yaml.Node) { m.Header = d.str(v, where+".header") },
					"name":        func(v *yaml.Node) { m.Name = d.str(v, where+".name") },
					"type":        func(v *yaml.Node) { m.Type = d.str(v, where+".type") },
					"description": func(v *yaml.Node) { m.Description = d.str(v, where+".description") },
				})
				x.Metering = append(x.Metering, m)
			})
		},
		"requestIdHeader": func(v *yaml.Node) {
			x.RequestID, x.RequestIDPos = d.str(v, at+".requestIdHeader"), d.pos(v)
		},
		"headers": func(v *yaml.Node) {
			v = resolveAlias(v)
			if v.Kind != yaml.MappingNode {
				d.fail(v, "%s.headers: want an object of header names and values, not %s", at, describeNode(v))
				return
			}
			for i := 0; i+1 < len(v.Content); i += 2 {
				key := v.Content[i]
				x.Headers = append(x.Headers, fixedHeaderConfig{pos: d.pos(key), Name: key.Value, Value: d.str(v.Content[i+1], at+".headers."+key.Value)})
			}
		},
	})
	return x
}

// header reads {name, format}.
func (d *extDecoder) header(n *yaml.Node, where string) headerConfig {
	h := headerConfig{pos: d.pos(n)}
	d.object(n, where, map[string]func(*yaml.Node){
		"name":   func(v *yaml.Node) { h.Name = d.str(v, where+".name") },
		"format": func(v *yaml.Node) { h.Format = d.str(v, where+".format") },
		"whenExhausted": func(v *yaml.Node) {
			if b := d.boolean(v, where+".whenExhausted"); b != nil {
				h.WhenExhausted = *b
			}
		},
	})
	return h
}
