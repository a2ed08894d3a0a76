package main

import (
	"github.com/redis/go-redis/v9"

	"github.com/authgen/authgen/redisbudget"

	"example.com/consumer/internal/weather"
)

// newClient is the client of one replica. With a Redis, every replica keeps
// the vendor's budget with the others: a 429 one of them meets, or "nothing
// left until the reset", holds them all, and a rate the spec declares is
// kept by the fleet, not by each process.
func newClient(redisAddr string) (*weather.Client, error) {
	if redisAddr == "" {
		return weather.NewFromEnv()
	}
	budget := redisbudget.New(redis.NewClient(&redis.Options{Addr: redisAddr}))
	return weather.NewFromEnv(weather.WithSharedBudget(budget))
}
