import { assertEquals, assertRejects, assertStringIncludes } from "@std/assert";
import { CassetteMismatchError, replay, runTurn } from "@tern/testing";
import { startFakeForecastApi } from "./fake_api.ts";
import { PROMPT, recordCassette } from "./record_cassette.ts";

const plugin = import.meta.dirname!;
const cassette = new URL("./forecast.cassette.jsonl", import.meta.url);

Deno.test("weather_forecast replays its cassette against the fake API: same calls, same outputs, no network", async () => {
  await using api = startFakeForecastApi();
  const run = await runTurn({
    plugins: [plugin],
    model: replay(cassette),
    prompt: PROMPT,
    config: { weather: { baseUrl: api.url } },
  });
  assertEquals(api.requests.toSorted(), ["/v1/forecast?city=Atlantis&days=3", "/v1/forecast?city=Berlin&days=2"]);
  assertEquals(run.toolCalls.map((c) => c.args?.city), ["Berlin", "Atlantis"]);
  assertEquals(run.toolCalls[1].output, 'The forecast API knows no city named "Atlantis"');
  assertStringIncludes(run.finalText ?? "", "I found no forecast for Atlantis.");
  assertEquals(run.progress.map((p) => p.message).toSorted(), [
    "asking the forecast API about Atlantis",
    "asking the forecast API about Berlin",
  ]);
});

Deno.test("a changed API answer fails the replay, showing the recorded and the new forecast line", async () => {
  await using api = startFakeForecastApi({
    forecasts: { berlin: [{ highC: 21, lowC: 12, summary: "hail" }, { highC: 18, lowC: 11, summary: "showers" }] },
  });
  const error = await assertRejects(
    () =>
      runTurn({
        plugins: [plugin],
        model: replay(cassette),
        prompt: PROMPT,
        config: { weather: { baseUrl: api.url } },
      }),
    CassetteMismatchError,
  );
  assertStringIncludes(
    error.message,
    'tool call 1 of 2 ("weather_forecast", call_resp_scripted_1_0): the output differs',
  );
  assertStringIncludes(error.message, "    - 2025-06-01: sunny, 12 to 21 °C\n    + 2025-06-01: hail, 12 to 21 °C");
});

Deno.test("record_cassette.ts records, through tern exec --record, a cassette that replays", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await recordCassette(`${dir}/fresh.cassette.jsonl`);
    await using api = startFakeForecastApi();
    const run = await runTurn({
      plugins: [plugin],
      model: replay(`${dir}/fresh.cassette.jsonl`),
      prompt: PROMPT,
      config: { weather: { baseUrl: api.url } },
    });
    assertEquals(run.status, "completed");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
