module example.com/consumer

go 1.26.0

// This example lives inside the authgen repository and uses its working
// tree; a real consumer drops the replace and pins a released version.
replace (
	github.com/authgen/authgen => ../..
	github.com/authgen/authgen/redisbudget => ../../redisbudget
	github.com/authgen/authgen/runtime => ../../runtime
)

require (
	github.com/authgen/authgen/redisbudget v0.1.0
	github.com/authgen/authgen/runtime v0.1.0
	github.com/redis/go-redis/v9 v9.17.3
)

require (
	github.com/authgen/authgen v0.0.0 // indirect
	github.com/aymanbagabas/go-udiff v0.4.1 // indirect
	github.com/cespare/xxhash/v2 v2.3.0 // indirect
	github.com/dave/jennifer v1.7.1 // indirect
	github.com/dgryski/go-rendezvous v0.0.0-20200823014737-9f7001d12a5f // indirect
	github.com/dprotaso/go-yit v0.0.0-20191028211022-135eb7262960 // indirect
	github.com/getkin/kin-openapi v0.153.0 // indirect
	github.com/go-openapi/jsonpointer v0.22.5 // indirect
	github.com/go-openapi/swag/jsonname v0.25.5 // indirect
	github.com/santhosh-tekuri/jsonschema/v6 v6.0.3 // indirect
	github.com/speakeasy-api/jsonpath v0.6.3 // indirect
	github.com/speakeasy-api/openapi v1.25.6 // indirect
	github.com/spf13/pflag v1.1.0 // indirect
	github.com/vmware-labs/yaml-jsonpath v0.3.2 // indirect
	go.yaml.in/yaml/v4 v4.0.0 // indirect
	golang.org/x/exp v0.0.0-20261113113407-e3970619a1a4 // indirect
	golang.org/x/mod v0.42.0 // indirect
	golang.org/x/text v0.43.0 // indirect
	golang.org/x/tools v0.52.1-0.20261106145633-d407941a339a // indirect
	gopkg.in/yaml.v3 v3.0.1 // indirect
)

tool github.com/authgen/authgen/cmd/authgen
