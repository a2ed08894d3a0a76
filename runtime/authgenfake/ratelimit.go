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
// sets the delay headers and reports true, with the members the spec
// reads a delay from in the error body (a 429's {"retry_after": 60}), by
// their pointers, for the envelope.
func (s *Server) rateLimited(w http.ResponseWriter) (bodyDelays map[string]any, limited bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.limit <= 0 {
		return nil, false
	}
	now := s.timeLocked()
	if now.Sub(s.windowAt) >= s.window {
		s.windowAt, s.used = now, 0
	}
	s.used++
	if s.used <= s.limit {
		return nil, false
	}
	wait := s.windowAt.Add(s.window).Sub(now)
	reset := s.windowAt.Add(s.window)
	bodyDelays = map[string]any{}
	for _, h := range s.spec.DelayHeaders {
		if h.Pointer != "" {
			bodyDelays[h.Pointer] = bodyValue(formatTime(h.Format, wait, reset))
			continue
		}
		w.Header().Set(h.Name, formatTime(h.Format, wait, reset))
	}
	if len(s.spec.DelayHeaders) == 0 {
		w.Header().Set("Retry-After", formatTime(authgenrt.FormatSeconds, wait, reset))
	}
	return bodyDelays, true
}

// bodyValue is a formatted wait as a member of the error body: a number
// when it is one (seconds, milliseconds, an epoch), text otherwise.
func bodyValue(text string) any {
	if n, err := strconv.ParseInt(text, 10, 64); err == nil {
		return n
	}
	return text
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
		value := formatTime(rl.Reset.Format, reset.Sub(now), reset)
		if rl.Reset.Format == authgenrt.FormatRateLimit {
			// The field carries the remaining quota too: r=0 on an answer
			// that still has some would read as a limit reached.
			value = rateLimitField(remaining, reset.Sub(now))
		}
		w.Header().Set(rl.Reset.Name, value)
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
	case authgenrt.FormatRFC3339:
		return ceilSecond(at).UTC().Format(time.RFC3339)
	case authgenrt.FormatRateLimit:
		// As a delay, a policy with nothing left (r=0) and the seconds
		// until its window resets.
		return rateLimitField(0, wait)
	}
	return strconv.FormatInt(int64(ceilTo(wait, time.Second)/time.Second), 10)
}

// rateLimitField is the IETF RateLimit structured field of one policy
// (draft-ietf-httpapi-ratelimit-headers): its remaining quota r and the
// whole seconds t, rounded up, until it resets.
func rateLimitField(remaining int, wait time.Duration) string {
	return fmt.Sprintf(`"default";r=%d;t=%d`, remaining, int64(ceilTo(wait, time.Second)/time.Second))
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
