/**
 * @module
 * Records `forecast.cassette.jsonl`, the cassette `weather_test.ts` replays: starts the fake
 * forecast API, then runs `tern exec --record` with this plugin pointed at it. The model here is
 * Tern's scripted provider, so the recording is reproducible offline; to record a real model,
 * drop the two `scripted` settings. Run: `deno run -A record_cassette.ts [OUT.jsonl]`.
 */
import { startFakeForecastApi } from "./fake_api.ts";

/** The prompt the cassette answers. */
export const PROMPT = "What's the weather in Berlin for the next two days, and in Atlantis?";

const SCRIPT = [
  [
    { call: "weather_forecast", args: { city: "Berlin", days: 2 } },
    { call: "weather_forecast", args: { city: "Atlantis" } },
  ],
  [{ say: "Berlin: sunny today (12 to 21 °C), showers tomorrow (11 to 18 °C). I found no forecast for Atlantis." }],
];

/** Records the cassette to `out`; resolves when it is written. */
export async function recordCassette(out: string): Promise<void> {
  await using api = startFakeForecastApi();
  const here = new URL(".", import.meta.url).pathname;
  const root = new URL("../../../", import.meta.url).pathname;
  const scratch = await Deno.makeTempDir({ prefix: "weather-record-" });
  try {
    const { code, stderr } = await new Deno.Command(`${root}bin/tern`, {
      args: [
        "-c",
        `extraPlugins=${JSON.stringify([here])}`,
        "-c",
        `weather.baseUrl=${JSON.stringify(api.url)}`,
        "-c",
        'model_provider="scripted"',
        "-c",
        `scripted.responses=${JSON.stringify(SCRIPT)}`,
        "exec",
        "--skip-git-repo-check",
        "--ephemeral",
        "--record",
        out,
        PROMPT,
      ],
      cwd: scratch,
      env: { TERN_HOME: `${scratch}/home`, DENO: Deno.execPath(), NO_COLOR: "1" },
      stdout: "null",
      stderr: "piped",
    }).output();
    if (code !== 0) throw new Error(`tern exec --record failed (exit ${code}): ${new TextDecoder().decode(stderr)}`);
  } finally {
    await Deno.remove(scratch, { recursive: true });
  }
}

if (import.meta.main) {
  const out = Deno.args[0] ?? new URL("./forecast.cassette.jsonl", import.meta.url).pathname;
  await recordCassette(out);
  console.log(`Recorded ${out}`);
}
