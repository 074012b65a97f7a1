/**
 * @module
 * A local fake of the forecast API (`GET /v1/forecast?city=NAME&days=N`), for recording and
 * replaying this example's cassette without the network: fixed forecasts for a few cities, 404
 * for any other, on 127.0.0.1 at a free port. Run it alone with `deno run -A fake_api.ts`.
 */

/** Forecasts by lower-case city name. */
export type Forecasts = Record<string, { highC: number; lowC: number; summary: string }[]>;

const FORECASTS: Forecasts = {
  berlin: [
    { highC: 21, lowC: 12, summary: "sunny" },
    { highC: 18, lowC: 11, summary: "showers" },
    { highC: 16, lowC: 9, summary: "cloudy" },
  ],
  lisbon: [
    { highC: 27, lowC: 18, summary: "sunny" },
    { highC: 26, lowC: 17, summary: "sunny" },
    { highC: 24, lowC: 17, summary: "windy" },
  ],
};

/** A running fake API. */
export interface FakeForecastApi extends AsyncDisposable {
  /** Its base URL, e.g. `http://127.0.0.1:PORT`. */
  url: string;
  /** The request URLs it answered, in order. */
  requests: string[];
  close(): Promise<void>;
}

/** Starts the fake API; `forecasts` replaces its data (say, to see a test notice a changed answer). */
export function startFakeForecastApi(options: { forecasts?: Forecasts } = {}): FakeForecastApi {
  const forecasts = options.forecasts ?? FORECASTS;
  const requests: string[] = [];
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen: () => {} }, (request) => {
    const url = new URL(request.url);
    requests.push(url.pathname + url.search);
    if (request.method !== "GET" || url.pathname !== "/v1/forecast") return new Response("not found", { status: 404 });
    const city = url.searchParams.get("city") ?? "";
    const days = Math.min(Number(url.searchParams.get("days") ?? "3"), 3);
    const forecast = forecasts[city.toLowerCase()];
    if (!forecast) return Response.json({ error: `unknown city "${city}"` }, { status: 404 });
    return Response.json({
      city: city[0].toUpperCase() + city.slice(1).toLowerCase(),
      days: forecast.slice(0, days).map((d, i) => ({ date: `2025-06-0${i + 1}`, ...d })),
    });
  });
  const close = () => server.shutdown();
  return { url: `http://127.0.0.1:${server.addr.port}`, requests, close, [Symbol.asyncDispose]: close };
}

if (import.meta.main) {
  const api = startFakeForecastApi();
  console.log(`Fake forecast API at ${api.url} (Ctrl-C stops it)`);
}
