module example.com/consumer

go 1.26.0

// This example lives inside the authgen repository and uses its working
// tree; a real consumer drops the replace and pins a released version.
replace github.com/authgen/authgen => ../..

require (
	github.com/authgen/authgen v0.0.0 // indirect
	github.com/aymanbagabas/go-udiff v0.4.1 // indirect
	github.com/dave/jennifer v1.7.1 // indirect
	github.com/getkin/kin-openapi v0.153.0 // indirect
	github.com/go-openapi/jsonpointer v0.22.5 // indirect
	github.com/go-openapi/swag/jsonname v0.25.5 // indirect
	github.com/santhosh-tekuri/jsonschema/v6 v6.0.3 // indirect
	github.com/spf13/pflag v1.1.0 // indirect
	go.yaml.in/yaml/v4 v4.0.0 // indirect
	golang.org/x/text v0.14.0 // indirect
)

tool github.com/authgen/authgen/cmd/authgen
