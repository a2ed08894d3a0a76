// Package clients holds clients generated from testdata/cases, committed so
// that the behaviour tests in internal/e2e can import them.
// TestGolden (internal/gen) fails when one is stale; `go generate ./internal/e2e/clients`
// rewrites them.
package clients

//go:generate go run ../../../cmd/authgen generate --spec ../../../testdata/cases/authkinds.yaml --out authkinds
//go:generate go run ../../../cmd/authgen generate --spec ../../../testdata/cases/errorlist.yaml --out errorlist
//go:generate go run ../../../cmd/authgen generate --spec ../../../testdata/cases/models.yaml --out models
//go:generate go run ../../../cmd/authgen generate --spec ../../../testdata/cases/hostile.yaml --out hostile
//go:generate go run ../../../cmd/authgen generate --spec ../../../testdata/cases/retrypolicy.yaml --out retrypolicy
//go:generate go run ../../../cmd/authgen generate --spec ../../../testdata/cases/collisions.yaml --out collisions
//go:generate go run ../../../cmd/authgen generate --spec ../../../testdata/cases/tenant.yaml --out tenant
//go:generate go run ../../../cmd/authgen generate --spec ../../../testdata/cases/webhooks.yaml --out webhooks
//go:generate go run ../../../cmd/authgen generate --spec ../../../testdata/cases/alike.yaml --out alike
//go:generate go run ../../../cmd/authgen generate --spec ../../../testdata/cases/routes.yaml --out routes
//go:generate go run ../../../cmd/authgen generate --spec ../../../testdata/cases/streams.yaml --out streams
//go:generate go run ../../../cmd/authgen generate --spec ../../../testdata/cases/fakenames.yaml --out fakenames
//go:generate go run ../../../cmd/authgen generate --spec ../../../testdata/cases/longtail.yaml --out longtail
//go:generate go run ../../../cmd/authgen generate --spec ../../../testdata/cases/pageends.yaml --out pageends
//go:generate go run ../../../cmd/authgen generate --spec ../../../testdata/cases/eventunion.yaml --out eventunion
//go:generate go run ../../../cmd/authgen generate --spec ../../../testdata/cases/values.yaml --out values
//go:generate go run ../../../cmd/authgen generate --spec ../../../testdata/cases/placement.yaml --out placement
//go:generate go run ../../../cmd/authgen generate --spec ../../../testdata/cases/formbodies.yaml --out formbodies
