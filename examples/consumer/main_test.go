package main

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"testing"

	"example.com/consumer/internal/weather"
)

func TestPrintStations(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		if r.URL.Query().Get("cursor") == "" {
			_ = json.NewEncoder(w).Encode(map[string]any{"stations": []any{map[string]any{"id": "LIS", "name": "Lisbon"}}, "next_cursor": "p2"})
			return
		}
		_ = json.NewEncoder(w).Encode(map[string]any{"stations": []any{map[string]any{"id": "OPO", "name": "Porto"}}, "next_cursor": ""})
	}))
	defer srv.Close()
	client, err := weather.New(weather.WithBaseURL(srv.URL+"/v1"), weather.WithAPIKey("test-key"))
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	if err := printStations(context.Background(), &out, client); err != nil {
		t.Fatal(err)
	}
	if want := "LIS  Lisbon\nOPO  Porto\n"; out.String() != want {
		t.Errorf("output %q, want %q", out.String(), want)
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
