// deno-lint-ignore-file no-import-prefix -- candidates being measured, pinned here, not dependencies of Tern
/**
 * @module
 * Child of `bench/tui_libraries.ts`: Ink's redraw cost with a long transcript, built the way an
 * inline Ink app keeps one (`<Static>` for the 1,000 finished cells, a live cell under it), then
 * 300 deltas streamed into the live cell, one render per delta (`waitUntilRenderFlush`), on an
 * in-memory stdout of 100x40 that counts what is written. Prints JSON.
 */
// @ts-types="npm:@types/react@19"
import React from "npm:react@19.3.0";
import { render, Static, Text } from "npm:ink@8.0.0";
import { EventEmitter } from "node:events";
import { CELLS, cellText, DELTAS, deltaText, percentile } from "./shared.ts";

class MemoryStdout extends EventEmitter {
  columns = 100;
  rows = 40;
  bytes = 0;
  isTTY = true;
  write(chunk: string, ...rest: unknown[]) {
    this.bytes += chunk.length;
    const callback = rest.find((r) => typeof r === "function") as (() => void) | undefined;
    callback?.();
    return true;
  }
}
const stdout = new MemoryStdout();
const cells = Array.from({ length: CELLS }, (_, i) => cellText(i));
const h = React.createElement;
const view = (live: string) =>
  h(
    React.Fragment,
    null,
    h(Static, { items: cells, children: (item: unknown, i: number) => h(Text, { key: i }, String(item)) }),
    h(Text, null, live),
  );
const t0 = performance.now();
const app = render(view(""), {
  stdout: stdout as unknown as NodeJS.WriteStream,
  patchConsole: false,
  exitOnCtrlC: false,
  maxFps: 1000,
  interactive: true,
});
await app.waitUntilRenderFlush();
const fillMs = performance.now() - t0;
let text = "";
const times: number[] = [];
const bytesBefore = stdout.bytes;
for (let i = 0; i < DELTAS; i++) {
  text += deltaText(i);
  const start = performance.now();
  app.rerender(view(text));
  await app.waitUntilRenderFlush();
  times.push(performance.now() - start);
}
console.log(JSON.stringify({
  fillMs,
  frameP50: percentile(times, 50),
  frameP99: percentile(times, 99),
  bytesPerFrame: (stdout.bytes - bytesBefore) / DELTAS,
}));
app.unmount();
Deno.exit(0);
