package redisbudget

import (
	"context"
	"testing"
	"time"

	"github.com/authgen/authgen/runtime/authgenrt"
)

// BenchmarkReserveOnRedis is what a call pays for the fleet's budget: one
// round trip to Redis on loopback, running the reservation script.
func BenchmarkReserveOnRedis(b *testing.B) {
	budget := New(newRedis(b))
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		if _, _, err := budget.Reserve(ctx, "bench:requests:k", authgenrt.Rate{}, time.Now(), time.Minute); err != nil {
			b.Fatal(err)
		}
	}
}
