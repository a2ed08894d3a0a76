// Command consumer prints a weather forecast with the client authgen
// generated from specs/weather.yaml. It reads WEATHER_API_KEY, and
// REDIS_ADDR when its replicas keep the vendor's budget together.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"time"

	"example.com/consumer/internal/weather"
)

func main() {
	client, err := newClient(os.Getenv("REDIS_ADDR"))
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	city := "Lisbon"
	if len(os.Args) > 1 {
		city = os.Args[1]
	}
	if err := printForecast(context.Background(), os.Stdout, client, city); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

// printStations writes every station, however many pages the service
// returns them in.
func printStations(ctx context.Context, w io.Writer, client *weather.Client) error {
	for station, err := range client.ListStationsAll(ctx, nil) {
		if err != nil {
			return err
		}
		fmt.Fprintf(w, "%s  %s\n", station.ID, station.Name)
	}
	return nil
}

// printForecast writes a city's forecast, or says why it cannot.
func printForecast(ctx context.Context, w io.Writer, client *weather.Client, city string) error {
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	days := int32(3)
	forecast, err := client.GetForecast(ctx, city, &weather.GetForecastParams{Days: &days})
	var apiErr *weather.APIError
	switch {
	case errors.Is(err, weather.ErrUnknownCity):
		fmt.Fprintf(w, "%s is not a city the service knows\n", city)
		return nil
	case errors.Is(err, weather.ErrRateLimited) && errors.As(err, &apiErr):
		return fmt.Errorf("rate limited; try again in %v", apiErr.RetryAfter)
	case err != nil:
		return err
	}
	fmt.Fprintf(w, "%s:\n", forecast.City)
	for _, d := range forecast.Days {
		fmt.Fprintf(w, "  %s  %.0f–%.0f °C\n", d.Date, d.LowC, d.HighC)
	}
	return nil
}
