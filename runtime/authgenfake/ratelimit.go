package authgenfake

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/authgen/authgen/runtime/authgenrt"
)

// SetClock replaces the clock the fake's time starts from (the real one
// by default). The time its clients have waited on it (see Clock) is
// added; the rate limit's window runs on the sum.
func (s *Server) SetClock(now func() time.Time) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.now = now
}

// Clock is the clock the clients of Client and Options keep (WithClock
// with its Now and Sleep): the fake's time, on which a wait passes at once
// and moves that time on by its length. A retry after the fake's 60-second
// Retry-After takes no real time and finds the window over, so a test of
// rate limiting stays fast. A context's deadline still counts such waits
// as if they were real.
func (s *Server) Clock() *Clock { return &Clock{s: s} }

// Clock is the fake's time, as its clients keep it; see Server.Clock.
type Clock struct{ s *Server }

// Now is the fake's time.
func (c *Clock) Now() time.Time {
	c.s.mu.Lock()
	defer c.s.mu.Unlock()
	return c.s.timeLocked()
}

// Sleep returns at once, having moved the fake's time on by d, unless
// ctx is already done.
func (c *Clock) Sleep(ctx context.Context, d time.Duration) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	c.s.mu.Lock()
	defer c.s.mu.Unlock()
	c.s.lead += max(d, 0)
	return nil
}

// timeLocked is the fake's time; s.mu is held.
func (s *Server) timeLocked() time.Time { return s.now().Add(s.lead) }

// RateLimit makes the fake allow limit requests per window; the next ones
// get 429 with the provider's rate-limit and delay headers, until the
// window (on the fake's clock) ends.
func (s *Server) RateLimit(limit int, window time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.limit, s.window, s.windowAt, s.used = limit, window, s.timeLocked(), 0
}

// rateLimited counts the request against the window; past the limit it
// sets the delay headers and reports true.
func (s *Server) rateLimited(w http.ResponseWriter) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.limit <= 0 {
		return false
	}
	now := s.timeLocked()
	if now.Sub(s.windowAt) >= s.window {
		s.windowAt, s.used = now, 0
	}
	s.used++
	if s.used <= s.limit {
		return false
	}
	wait := s.windowAt.Add(s.window).Sub(now)
	reset := s.windowAt.Add(s.window)
	for _, h := range s.spec.DelayHeaders {
		w.Header().Set(h.Name, formatTime(h.Format, wait, reset))
	}
	if len(s.spec.DelayHeaders) == 0 {
		w.Header().Set("Retry-After", formatTime(authgenrt.FormatSeconds, wait, reset))
	}
	return true
}

// writeRateLimitHeaders sends the provider's rate-limit headers, when a
// limit is set.
func (s *Server) writeRateLimitHeaders(w http.ResponseWriter) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.limit <= 0 {
		return
	}
	rl := s.spec.RateLimit
	now := s.timeLocked()
	used, windowAt := s.used, s.windowAt
	if now.Sub(windowAt) >= s.window {
		used, windowAt = 0, now
	}
	remaining := max(s.limit-used-1, 0)
	if rl.Limit != "" {
		w.Header().Set(rl.Limit, strconv.Itoa(s.limit))
	}
	if rl.Remaining != "" {
		w.Header().Set(rl.Remaining, strconv.Itoa(remaining))
	}
	if rl.Bucket != "" {
		w.Header().Set(rl.Bucket, fmt.Sprintf("%d/%d", min(used+1, s.limit), s.limit))
	}
	if rl.Reset.Name != "" {
		reset := windowAt.Add(s.window)
		w.Header().Set(rl.Reset.Name, formatTime(rl.Reset.Format, reset.Sub(now), reset))
	}
}

// formatTime writes a wait or an instant in a header format, rounded up
// in every one (a wait to the next whole unit, an instant to the next
// whole second), so that a client that waits what it is told finds the
// window over, never a fraction of a unit inside it.
func formatTime(format authgenrt.HeaderFormat, wait time.Duration, at time.Time) string {
	switch format {
	case authgenrt.FormatMilliseconds:
		return strconv.FormatInt(int64(ceilTo(wait, time.Millisecond)/time.Millisecond), 10)
	case authgenrt.FormatUnixEpoch:
		return strconv.FormatInt(ceilSecond(at).Unix(), 10)
	case authgenrt.FormatHTTPDate:
		return ceilSecond(at).UTC().Format(http.TimeFormat)
	case authgenrt.FormatDuration:
		return ceilTo(wait, time.Millisecond).String()
	}
	return strconv.FormatInt(int64(ceilTo(wait, time.Second)/time.Second), 10)
}

// ceilTo rounds d up to a whole multiple of unit.
func ceilTo(d, unit time.Duration) time.Duration {
	if r := d % unit; r > 0 {
		return d - r + unit
	}
	return d
}

// ceilSecond rounds t up to a whole second: epochs and HTTP dates have no
// fraction.
func ceilSecond(t time.Time) time.Time {
	if down := t.Truncate(time.Second); down.Before(t) {
		return down.Add(time.Second)
	}
	return t
}
