/**
 * Tests for the transcript's frames while text streams: deltas that arrive together are drawn by
 * one frame, and the text that arrived after it by the next, `STREAM_FRAME_MS` later.
 */
import { assertEquals } from "@std/assert";
import { delay } from "../../kernel/mod.ts";
import { STREAM_FRAME_MS, Transcript } from "./transcript.ts";

Deno.test("a burst of 1,000 message deltas asks for two frames: one at once, one for the rest after STREAM_FRAME_MS", async () => {
  let frames = 0;
  const transcript = new Transcript(() => frames++);
  for (let i = 0; i < 1000; i++) transcript.agentDelta("msg_1", `w${i} `);
  assertEquals(frames, 1);
  await delay(STREAM_FRAME_MS + 20);
  assertEquals(frames, 2);
  const lines = transcript.render(100).join("\n");
  assertEquals(lines.includes("w0 ") && lines.includes("w999"), true);
  // Text after a quiet spell is drawn at once again.
  await delay(STREAM_FRAME_MS + 10);
  transcript.agentDelta("msg_1", "more");
  assertEquals(frames, 3);
  transcript.agentDelta("msg_1", " and more");
  assertEquals(frames, 3);
  await delay(STREAM_FRAME_MS + 20);
  assertEquals(frames, 4);
});

Deno.test("a plugin tool's progress shows under its running call, and its result replaces it", () => {
  const transcript = new Transcript(() => {});
  // deno-lint-ignore no-control-regex
  const strip = (lines: string[]) => lines.join("\n").replace(/\x1b\[[0-9;]*m/g, "");
  const call = {
    type: "dynamicToolCall",
    id: "call_1",
    namespace: "weather",
    tool: "forecast",
    arguments: { city: "Oslo" },
    status: "inProgress",
    contentItems: null,
    success: null,
    durationMs: null,
  } as unknown as Parameters<Transcript["itemStarted"]>[0];
  transcript.itemStarted(call);
  transcript.toolProgress("call_1", "asking the forecast API about Oslo");
  const running = strip(transcript.render(80));
  assertEquals(running.includes("Calling weather.forecast"), true);
  assertEquals(running.includes("└ asking the forecast API about Oslo…"), true);
  transcript.itemCompleted(
    { ...call, status: "completed", contentItems: [{ type: "inputText", text: "sunny, 21°C" }] } as typeof call,
  );
  const done = strip(transcript.render(80));
  assertEquals(done.includes("└ sunny, 21°C"), true);
  assertEquals(done.includes("asking the forecast API"), false);
});
