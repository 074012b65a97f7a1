import { assert, assertEquals, assertRejects } from "@std/assert";
import { delay, startTimer, waitAtMost, withDeadline } from "./timer.ts";

Deno.test("startTimer calls back once after the delay; cancelling first means never", async () => {
  const calls: string[] = [];
  startTimer(5, () => calls.push("kept"));
  const cancel = startTimer(5, () => calls.push("cancelled"));
  cancel();
  cancel(); // twice is harmless
  await delay(40);
  assertEquals(calls, ["kept"]);
});

Deno.test("startTimer treats a negative or NaN delay as 0, and Infinity as never", async () => {
  const calls: string[] = [];
  startTimer(-5, () => calls.push("negative"));
  startTimer(NaN, () => calls.push("nan"));
  startTimer(Infinity, () => calls.push("infinity"));
  await delay(20);
  assertEquals(calls.sort(), ["nan", "negative"]);
});

Deno.test("a delay past what a web timer holds (2^31 ms) still waits rather than firing at once", async () => {
  const calls: string[] = [];
  const cancels = [2 ** 31, 2 ** 40, Number.MAX_SAFE_INTEGER].map((ms) => startTimer(ms, () => calls.push(`${ms}`)));
  await delay(30);
  for (const cancel of cancels) cancel();
  assertEquals(calls, []);
});

Deno.test("delay resolves, or rejects with the abort reason as soon as the signal aborts", async () => {
  await delay(1);
  const controller = new AbortController();
  const waiting = delay(60_000, { signal: controller.signal });
  controller.abort(new Error("stop waiting"));
  await assertRejects(() => waiting, Error, "stop waiting");
  await assertRejects(() => delay(1, { signal: controller.signal }), Error, "stop waiting");
});

Deno.test("withDeadline settles as the promise does, or with the timeout's error", async () => {
  assertEquals(await withDeadline(Promise.resolve(7), 1_000, () => new Error("late")), 7);
  await assertRejects(
    () => withDeadline(Promise.reject(new Error("own failure")), 1_000, () => new Error("late")),
    Error,
    "own failure",
  );
  await assertRejects(
    () => withDeadline(new Promise(() => {}), 5, () => new Error("no answer in 5 ms")),
    Error,
    "no answer in 5 ms",
  );
});

Deno.test("waitAtMost gives the promise's value, or undefined once the time is up", async () => {
  assertEquals(await waitAtMost(Promise.resolve("done"), 1_000), "done");
  assertEquals(await waitAtMost(new Promise(() => {}), 5), undefined);
  await assertRejects(() => waitAtMost(Promise.reject(new Error("broke")), 1_000), Error, "broke");
});

/** Runs `code` (which imports the timers as `t`) in a fresh Deno process; returns its stdout. */
async function runScript(code: string): Promise<string> {
  const url = new URL("./timer.ts", import.meta.url).href;
  const source = `import * as t from ${JSON.stringify(url)};\n${code}`;
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "--no-check", "-"],
    stdin: "piped",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const writer = out.stdin.getWriter();
  await writer.write(new TextEncoder().encode(source));
  await writer.close();
  const { success, stdout, stderr } = await out.output();
  assert(success, new TextDecoder().decode(stderr));
  return new TextDecoder().decode(stdout);
}

Deno.test("a pending timer keeps the process alive until it fires, like setTimeout", async () => {
  const stdout = await runScript(`t.startTimer(200, () => console.log("fired")); console.log("script ended");`);
  assertEquals(stdout, "script ended\nfired\n");
});

Deno.test("a cancelled timer does not keep the process alive (it ends without firing it)", async () => {
  const stdout = await runScript(
    `const cancel = t.startTimer(60_000, () => console.log("fired")); cancel();
     await t.withDeadline(Promise.resolve(), 60_000, () => new Error("late")); await t.waitAtMost(Promise.resolve(), 60_000);
     const stop = new AbortController(); const waiting = t.delay(60_000, { signal: stop.signal }).catch(() => {}); stop.abort();
     await waiting; console.log("script ended");`,
  );
  assertEquals(stdout, "script ended\n");
});
