/**
 * @module
 * An example plugin: the `weather_forecast` tool asks a forecast API over HTTP. Its config
 * section says where the API is (`weather.baseUrl`) and which environment variable holds the key.
 * `weather_test.ts` replays a cassette recorded with `tern exec --record` against a local fake of
 * the API (`fake_api.ts`), so the test needs no network.
 */
import { z } from "zod";
import { definePlugin } from "../../../kernel/mod.ts";
import { forecastTool } from "./forecast_tool.ts";

const Config = z.object({
  /** The forecast API's base URL. */
  baseUrl: z.string().url(),
  /** The environment variable holding the API key (sent as a bearer token when set). */
  apiKeyEnv: z.string().default("WEATHER_API_KEY"),
});

export default definePlugin({
  name: "weather",
  config: Config,
  setup(api, config) {
    api.tools.register(forecastTool({ baseUrl: config.baseUrl, apiKey: Deno.env.get(config.apiKeyEnv) }));
  },
});
