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
