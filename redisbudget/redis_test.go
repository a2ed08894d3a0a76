package redisbudget

import (
	"context"
	"fmt"
	"net"
	"os"
	"os/exec"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
)

// The tests run against a real redis-server on loopback, started here
// (Debian's redis-server; .ci/run installs it). Without one they skip,
// unless AUTHGEN_REDIS_REQUIRED=1 (as in CI), when they fail.

var redisAddr string

func TestMain(m *testing.M) {
	stop, err := startRedis()
	if err != nil {
		if os.Getenv("AUTHGEN_REDIS_REQUIRED") == "1" {
			fmt.Fprintln(os.Stderr, "redisbudget: no redis-server:", err)
			os.Exit(1)
		}
		fmt.Fprintln(os.Stderr, "redisbudget: skipping the Redis tests:", err, "(apt-get install redis-server)")
	}
	code := m.Run()
	if stop != nil {
		stop()
	}
	os.Exit(code)
}

// startRedis runs redis-server on a free loopback port, keeping nothing on
// disk.
func startRedis() (stop func(), err error) {
	if os.Getenv(workerEnv) != "" {
		redisAddr = os.Getenv(workerRedisEnv)
		return nil, nil // a fleet worker uses its parent's server
	}
	addr, stop, err := runRedis()
	if err != nil {
		return nil, err
	}
	redisAddr = addr
	return stop, nil
}

// runRedis starts a redis-server of its own on a free loopback port and
// returns its address and how to stop it.
func runRedis() (addr string, stop func(), err error) {
	path, err := exec.LookPath("redis-server")
	if err != nil {
		return "", nil, err
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", nil, err
	}
	port := l.Addr().(*net.TCPAddr).Port
	l.Close()
	cmd := exec.Command(path, "--bind", "127.0.0.1", "--port", strconv.Itoa(port), "--save", "", "--appendonly", "no", "--protected-mode", "yes")
	if err := cmd.Start(); err != nil {
		return "", nil, err
	}
	addr = "127.0.0.1:" + strconv.Itoa(port)
	rdb := redis.NewClient(&redis.Options{Addr: addr})
	defer rdb.Close()
	for i := 0; ; i++ {
		if rdb.Ping(context.Background()).Err() == nil {
			break
		}
		if i == 100 {
			_ = cmd.Process.Kill()
			return "", nil, fmt.Errorf("redis-server did not answer on %s", addr)
		}
		time.Sleep(20 * time.Millisecond)
	}
	var once sync.Once
	return addr, func() { once.Do(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() }) }, nil
}

// newRedis is a client of the test server, its keys cleared.
func newRedis(t testing.TB) *redis.Client {
	t.Helper()
	if redisAddr == "" {
		t.Skip("no redis-server")
	}
	rdb := redis.NewClient(&redis.Options{Addr: redisAddr})
	t.Cleanup(func() { rdb.Close() })
	if err := rdb.FlushAll(context.Background()).Err(); err != nil {
		t.Fatal(err)
	}
	return rdb
}
