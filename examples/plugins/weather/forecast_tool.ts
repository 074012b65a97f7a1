/**
 * @module
 * The `weather_forecast` tool: `GET {baseUrl}/v1/forecast?city=NAME&days=N` on the forecast API,
 * turned into a few lines the model reads. HTTP goes through an injectable `fetch`, aborted with
 * the turn. An unknown city or a failing API is an error result the model can act on, not a throw.
 */
import { z } from "zod";
import { type FunctionTool, tool } from "../../../kernel/mod.ts";

/** One day of the API's answer. */
const Day = z.object({ date: z.string(), highC: z.number(), lowC: z.number(), summary: z.string() });
/** The API's answer to `GET /v1/forecast`. */
export const ForecastResponse = z.object({ city: z.string(), days: z.array(Day) });

const Parameters = z.object({
  city: z.string().describe("The city, e.g. Berlin"),
  days: z.number().int().min(1).max(7).default(3).describe("How many days, 1 to 7"),
});

/** What `forecastTool()` needs. */
export interface ForecastToolOptions {
  baseUrl: string;
  /** Sent as a bearer token when set. */
  apiKey?: string;
  /** @default globalThis.fetch */
  fetch?: typeof fetch;
}

/** Creates the `weather_forecast` tool for the API at `baseUrl`. */
export function forecastTool(options: ForecastToolOptions): FunctionTool<typeof Parameters> {
  const doFetch = options.fetch ?? fetch;
  return tool({
    name: "weather_forecast",
    description: "Gets the weather forecast for a city: daily high and low in °C and a summary.",
    parameters: Parameters,
    async execute({ city, days }, ctx) {
      const url = new URL("v1/forecast", options.baseUrl.endsWith("/") ? options.baseUrl : `${options.baseUrl}/`);
      url.searchParams.set("city", city);
      url.searchParams.set("days", String(days));
      ctx.emitProgress(`asking the forecast API about ${city}`);
      let response: Response;
      try {
        response = await doFetch(url, {
          headers: options.apiKey ? { authorization: `Bearer ${options.apiKey}` } : {},
          signal: ctx.signal,
        });
      } catch (error) {
        return { output: `Cannot reach the forecast API: ${(error as Error).message}`, success: false };
      }
      if (response.status === 404) {
        await response.body?.cancel();
        return { output: `The forecast API knows no city named "${city}"`, success: false };
      }
      if (!response.ok) {
        await response.body?.cancel();
        return { output: `The forecast API failed: HTTP ${response.status}`, success: false };
      }
      const parsed = ForecastResponse.safeParse(await response.json());
      if (!parsed.success) return { output: "The forecast API sent an answer in an unknown shape", success: false };
      const lines = parsed.data.days.map((d) => `${d.date}: ${d.summary}, ${d.lowC} to ${d.highC} °C`);
      return { output: [`Forecast for ${parsed.data.city}:`, ...lines].join("\n") };
    },
  });
}
