package e2e

// OpenAI, as its docs answer (https://platform.openai.com/docs/api-reference/authentication,
// /docs/guides/rate-limits, /docs/guides/error-codes; bodies as OpenAI
// sends them).

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/authgen/authgen/generated/openai"
	"github.com/authgen/authgen/generated/openai/openaifake"
)

const openaiKey = "sk-proj-abc123def456ghi789"

func newOpenAI(t *testing.T, srv *recorder, opts ...openai.Option) *openai.Client {
	t.Helper()
	c, err := openai.New(append([]openai.Option{openai.WithAPIKeyAuth(openaiKey), openai.WithBaseURL(srv.URL),
		openai.WithRetryPolicy(openai.RetryPolicy{MaxRetries: 2, BaseDelay: time.Millisecond, MaxDelay: time.Millisecond})}, opts...)...)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestOpenAIAuthOrganizationAndRateLimitHeaders(t *testing.T) {
	srv := newRecorder(t, func(w http.ResponseWriter, r *http.Request) {
		for k, v := range map[string]string{
			"x-request-id": "req_a1b2c3", "openai-processing-ms": "42",
			"x-ratelimit-limit-requests": "60", "x-ratelimit-remaining-requests": "59", "x-ratelimit-reset-requests": "1s",
			"x-ratelimit-limit-tokens": "150000", "x-ratelimit-remaining-tokens": "149984", "x-ratelimit-reset-tokens": "6m0s",
		} {
			w.Header().Set(k, v)
		}
		writeJSON(w, 200, map[string]any{"object": "list", "data": []any{map[string]any{"id": "gpt-4o", "object": "model", "created": 1715367049, "owned_by": "system"}}})
	})
	t.Setenv("OPENAI_ORG_ID", "org-9876")
	c, err := openai.NewFromEnv(openai.WithAPIKeyAuth(openaiKey), openai.WithBaseURL(srv.URL), openai.WithOpenAIProject("proj_1234"))
	if err != nil {
		t.Fatal(err)
	}
	var resp openai.Response
	before := time.Now()
	models, err := c.ListModels(context.Background(), openai.WithResponseInto(&resp))
	if err != nil {
		t.Fatal(err)
	}
	req, _ := srv.last(t)
	if req.Header.Get("Authorization") != "Bearer "+openaiKey || req.Header.Get("OpenAI-Organization") != "org-9876" || req.Header.Get("OpenAI-Project") != "proj_1234" {
		t.Errorf("headers: %v", req.Header)
	}
	if len(models.Data) != 1 || models.Data[0].ID != "gpt-4o" {
		t.Errorf("models = %+v", models)
	}
	if resp.RequestID != "req_a1b2c3" || resp.RateLimit.Limit != 60 || resp.RateLimit.Remaining != 59 || resp.TokensRemaining != 149984 || resp.TokensReset != "6m0s" || resp.ProcessingMs != 42 {
		t.Errorf("metadata = %+v", resp)
	}
	if reset := resp.RateLimit.Reset.Sub(before); reset < time.Second || reset > 2*time.Second {
		t.Errorf("reset in %v, want about 1s (x-ratelimit-reset-requests: 1s)", reset)
	}
}

func TestOpenAIErrors(t *testing.T) {
	for _, tc := range []struct {
		status   int
		code     string
		typ      string
		sentinel error
		requests int
	}{
		{401, "invalid_api_key", "invalid_request_error", openai.ErrInvalidAPIKey, 1},
		{404, "model_not_found", "invalid_request_error", openai.ErrModelNotFound, 1},
		// A rate limit passes: retried. A spent quota does not: returned
		// at once, though it is a 429 too.
		{429, "rate_limit_exceeded", "requests", openai.ErrRateLimitExceeded, 3},
		{429, "insufficient_quota", "insufficient_quota", openai.ErrInsufficientQuota, 1},
	} {
		srv := newRecorder(t, func(w http.ResponseWriter, r *http.Request) {
			writeJSON(w, tc.status, map[string]any{"error": map[string]any{"message": "Incorrect API key provided: sk-proj-****i789.", "type": tc.typ, "param": nil, "code": tc.code}})
		})
		_, err := newOpenAI(t, srv).RetrieveModel(context.Background(), "gpt-4o")
		var apiErr *openai.APIError
		if !errors.Is(err, tc.sentinel) || !errors.As(err, &apiErr) || apiErr.Type != tc.typ || apiErr.Param != "" {
			t.Errorf("%s: %v", tc.code, err)
		}
		if srv.count() != tc.requests {
			t.Errorf("%s: %d requests, want %d", tc.code, srv.count(), tc.requests)
		}
	}
}

// TestOpenAIShouldRetry: x-should-retry, which OpenAI's SDKs follow, both
// ways: true retries a POST after a 500, false stops a 429's retry.
func TestOpenAIShouldRetry(t *testing.T) {
	for _, tc := range []struct {
		status   int
		hint     string
		requests int
	}{{500, "true", 3}, {429, "false", 1}} {
		srv := newRecorder(t, func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("x-should-retry", tc.hint)
			writeJSON(w, tc.status, map[string]any{"error": map[string]any{"message": "m", "type": "server_error", "code": nil}})
		})
		input, _ := openai.CreateEmbeddingRequestInputFromString("The food was delicious and the waiter...")
		model, _ := openai.CreateEmbeddingRequestModelFromString("text-embedding-3-small")
		_, _ = newOpenAI(t, srv).CreateEmbedding(context.Background(), &openai.CreateEmbeddingParams{Body: openai.CreateEmbeddingRequest{Input: input, Model: model}})
		if srv.count() != tc.requests {
			t.Errorf("%d with x-should-retry %s: %d requests, want %d", tc.status, tc.hint, srv.count(), tc.requests)
		}
	}
}

// openaiChunks is the stream of OpenAI's own example for
// createChatCompletion with stream: true (its API reference, quoted in the
// document's x-oaiMeta), ended as the reference says: "data: [DONE]".
var openaiChunks = []string{
	`{"id":"chatcmpl-123","object":"chat.completion.chunk","created":1694268190,"model":"gpt-4o-mini", "system_fingerprint": "fp_44709d6fcb", "choices":[{"index":0,"delta":{"role":"assistant","content":""},"logprobs":null,"finish_reason":null}]}`,
	`{"id":"chatcmpl-123","object":"chat.completion.chunk","created":1694268190,"model":"gpt-4o-mini", "system_fingerprint": "fp_44709d6fcb", "choices":[{"index":0,"delta":{"content":"Hello"},"logprobs":null,"finish_reason":null}]}`,
	`{"id":"chatcmpl-123","object":"chat.completion.chunk","created":1694268190,"model":"gpt-4o-mini", "system_fingerprint": "fp_44709d6fcb", "choices":[{"index":0,"delta":{},"logprobs":null,"finish_reason":"stop"}]}`,
}

func chatRequest(t *testing.T) openai.CreateChatCompletionRequest {
	t.Helper()
	var body openai.CreateChatCompletionRequest
	if err := json.Unmarshal([]byte(`{"model":"gpt-4o-mini","messages":[{"role":"user","content":"Hello!"}]}`), &body); err != nil {
		t.Fatal(err)
	}
	return body
}

// TestOpenAIChatCompletionStreams: CreateChatCompletionStream sends the
// request with "stream": true and the key, and yields OpenAI's documented
// chunks typed, until [DONE].
func TestOpenAIChatCompletionStreams(t *testing.T) {
	srv := newRecorder(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/event-stream")
		w.WriteHeader(200)
		for _, chunk := range openaiChunks {
			fmt.Fprintf(w, "data: %s\n\n", chunk)
		}
		fmt.Fprint(w, "data: [DONE]\n\n")
	})
	c := newOpenAI(t, srv)
	var text strings.Builder
	var finish string
	n := 0
	for chunk, err := range c.CreateChatCompletionStream(context.Background(), &openai.CreateChatCompletionParams{Body: chatRequest(t)}) {
		if err != nil {
			t.Fatal(err)
		}
		n++
		for _, choice := range chunk.Data.Choices {
			if choice.Delta.Content != nil {
				text.WriteString(*choice.Delta.Content)
			}
			if choice.FinishReason != nil {
				finish = string(*choice.FinishReason)
			}
		}
	}
	if n != 3 || text.String() != "Hello" || finish != "stop" {
		t.Errorf("%d chunks, text %q, finish %q", n, text.String(), finish)
	}
	req, body := srv.last(t)
	var sent map[string]any
	_ = json.Unmarshal(body, &sent)
	if sent["stream"] != true || sent["model"] != "gpt-4o-mini" || req.Header.Get("Authorization") != "Bearer "+openaiKey || req.Header.Get("Accept") != "text/event-stream" {
		t.Errorf("request: %v %s", req.Header, body)
	}
}

// TestOpenAIStreamErrorIsAnAPIError: an error OpenAI sends mid-stream as a
// data event holding its envelope ends the loop with the vendor's code.
func TestOpenAIStreamErrorIsAnAPIError(t *testing.T) {
	srv := newRecorder(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/event-stream")
		w.WriteHeader(200)
		fmt.Fprintf(w, "data: %s\n\n", openaiChunks[0])
		fmt.Fprint(w, `data: {"error":{"message":"The server had an error while processing your request.","type":"server_error","param":null,"code":null}}`+"\n\n")
	})
	c := newOpenAI(t, srv)
	var last error
	n := 0
	for _, err := range c.CreateChatCompletionStream(context.Background(), &openai.CreateChatCompletionParams{Body: chatRequest(t)}) {
		if err != nil {
			last = err
			break
		}
		n++
	}
	var apiErr *openai.APIError
	if n != 1 || !errors.As(last, &apiErr) || apiErr.Type != "server_error" || !strings.Contains(apiErr.Message, "server had an error") {
		t.Errorf("after %d chunks: %v", n, last)
	}
}

// TestOpenAIFakeRecordsNoCredentialHeader: the headers that go with the
// key (OpenAI-Organization, OpenAI-Project) are credentials too, and the
// fake's recorded requests hide them as they hide the key.
func TestOpenAIFakeRecordsNoCredentialHeader(t *testing.T) {
	fake := openaifake.NewServer(t)
	fake.OnRetrieveModel(func(ctx context.Context, model string) (*openai.Model, error) {
		return &openai.Model{ID: model, Object: "model", OwnedBy: "openai"}, nil
	})
	c := fake.Client(openai.WithOpenAIOrganization("org-secret-123"), openai.WithOpenAIProject("proj-secret-456"))
	if _, err := c.RetrieveModel(context.Background(), "gpt-4o-mini"); err != nil {
		t.Fatal(err)
	}
	recorded := fmt.Sprint(fake.Requests())
	if strings.Contains(recorded, "org-secret-123") || strings.Contains(recorded, "proj-secret-456") {
		t.Errorf("the fake recorded a credential header: %s", recorded)
	}
}
