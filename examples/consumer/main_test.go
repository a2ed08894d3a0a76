package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"testing"

	"example.com/consumer/internal/weather"
	"example.com/consumer/internal/weather/weatherfake"
)

func TestPrintStations(t *testing.T) {
	// The fake authgen generated beside the client: the vendor's auth,
	// paging and error envelope, without writing a server by hand.
	fake := weatherfake.NewServer(t)
	fake.Pages("listStations", []any{
		map[string]any{"id": "LIS", "name": "Lisbon"},
		map[string]any{"id": "OPO", "name": "Porto"},
		map[string]any{"id": "FAO", "name": "Faro"},
	}, 2)
	var out bytes.Buffer
	if err := printStations(context.Background(), &out, fake.Client()); err != nil {
		t.Fatal(err)
	}
	if want := "LIS  Lisbon\nOPO  Porto\nFAO  Faro\n"; out.String() != want {
		t.Errorf("output %q, want %q", out.String(), want)
	}
	// A revoked key: the vendor's 401, as the program would meet it.
	fake.OnGetForecast(func(ctx context.Context, city string, params *weather.GetForecastParams) (*weather.Forecast, error) {
		return nil, weatherfake.Error(401, "invalid_key", "The API key was revoked.")
	})
	err := printForecast(context.Background(), &out, fake.Client(), "Lisbon")
	if !errors.Is(err, weather.ErrUnauthorized) {
		t.Errorf("revoked key: %v", err)
	}
}

func TestPrintForecast(t *testing.T) {
	calls := 0
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls++
		if r.Header.Get("X-Weather-Key") != "test-key" {
			w.WriteHeader(http.StatusUnauthorized)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		switch r.URL.Path {
		case "/v1/forecast/Lisbon":
			if calls == 1 { // the vendor's rate limit, honoured by the client
				w.Header().Set("X-Weather-Retry-In", "0")
				w.WriteHeader(http.StatusTooManyRequests)
				return
			}
			if r.URL.Query().Get("days") != "3" {
				t.Errorf("days = %q", r.URL.Query().Get("days"))
			}
			_ = json.NewEncoder(w).Encode(map[string]any{"city": "Lisbon", "days": []any{
				map[string]any{"date": "2026-11-24", "high_c": 19, "low_c": 12},
			}})
		default:
			w.WriteHeader(http.StatusNotFound)
			_, _ = w.Write([]byte(`{"code":"unknown_city","message":"no such city"}`))
		}
	}))
	defer srv.Close()

	client, err := weather.New(weather.WithBaseURL(srv.URL+"/v1"), weather.WithAPIKey("test-key"))
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	if err := printForecast(context.Background(), &out, client, "Lisbon"); err != nil {
		t.Fatal(err)
	}
	if want := "Lisbon:\n  2026-11-24  12–19 °C\n"; out.String() != want {
		t.Errorf("output %q, want %q", out.String(), want)
	}
	out.Reset()
	if err := printForecast(context.Background(), &out, client, "Atlantis"); err != nil {
		t.Fatal(err)
	}
	if want := "Atlantis is not a city the service knows\n"; out.String() != want {
		t.Errorf("output %q, want %q", out.String(), want)
	}
}
