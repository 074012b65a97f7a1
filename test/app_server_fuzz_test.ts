/**
 * @module
 * A fuzz test of `tern app-server` over stdio: a few thousand frames from a seeded, deterministic
 * generator (valid requests of every method, mutated: wrong types, missing fields, huge strings,
 * deep nesting, unknown methods, invalid JSON, batches, odd ids, notifications) go to one real
 * server, in waves. Every frame that is a request with a usable id must get exactly one response,
 * a result or an error among -32700/-32600/-32601/-32602 (never -32603 for bad input); a frame
 * without a usable id gets one `id: null` error or, when it is a notification or an answer,
 * nothing. The server must neither crash nor hang, and afterwards still runs a turn.
 */
import { assert, assertEquals } from "@std/assert";
import { withMockedStdioServer } from "./support/app_server_process.ts";
import { ev, turnOf } from "./support/mock_model.ts";
import type { RpcMessage } from "./support/app_server_client.ts";

const SEED = 0x7e4e14;
const FRAMES = 3000;
const WAVE = 150;
/** The codes bad input may get. */
const INPUT_ERRORS = new Set([-32700, -32600, -32601, -32602]);
/** A thread id no thread has. */
const GHOST = "00000000-0000-4000-8000-00000000f022";

/** mulberry32: a small seeded generator, the same sequence on every run. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Json = unknown;
const text = (value: string) => ({ type: "text", text: value, text_elements: [] });

/** A valid request of each method (thread methods name a thread that does not exist, so none runs a turn). */
function templates(threadId: string): [string, Record<string, Json>][] {
  return [
    ["initialize", { clientInfo: { name: "fuzz", version: "1" }, capabilities: { experimentalApi: true } }],
    ["thread/start", { ephemeral: true, cwd: ".", model: "mock-model", config: { model_reasoning_effort: "low" } }],
    ["thread/start", {
      ephemeral: true,
      dynamicTools: [{ name: "t", description: "d", inputSchema: { type: "object", properties: {} } }],
    }],
    ["thread/resume", { threadId: GHOST, cwd: "." }],
    ["thread/fork", { threadId: GHOST, ephemeral: true }],
    ["thread/read", { threadId, includeTurns: true }],
    ["thread/read", { threadId: GHOST }],
    ["thread/rollback", { threadId: GHOST, numTurns: 1 }],
    ["thread/loaded/list", { cursor: "0", limit: 5 }],
    ["thread/unsubscribe", { threadId: GHOST }],
    ["thread/list", { limit: 3, sortKey: "created_at", searchTerm: "x" }],
    ["thread/list", { archived: false, cwd: ["/tmp"], modelProviders: ["openai"] }],
    ["thread/name/set", { threadId, name: "fuzzed" }],
    ["thread/archive", { threadId: GHOST }],
    ["thread/unarchive", { threadId: GHOST }],
    ["thread/compact/start", { threadId: GHOST }],
    ["turn/start", {
      threadId: GHOST,
      input: [text("hi"), { type: "localImage", path: "/x.png" }],
      outputSchema: { type: "object" },
      sandboxPolicy: { type: "workspaceWrite", writableRoots: ["/tmp"] },
    }],
    ["turn/steer", { threadId: GHOST, input: [text("more")], expectedTurnId: "t1" }],
    ["turn/interrupt", { threadId: GHOST, turnId: "t1" }],
    ["thread/queue/add", { threadId: GHOST, turnStartParams: { threadId: GHOST, input: [text("later")] } }],
    ["thread/queue/list", { threadId: GHOST, limit: 2 }],
    ["thread/queue/delete", { threadId: GHOST, queuedTurnId: "q" }],
    ["thread/queue/reorder", { threadId: GHOST, queuedTurnIds: ["q"] }],
    ["config/read", { includeLayers: true }],
    // Methods plugins register (skills, MCP): they check their own params.
    ["skills/list", { cwds: ["/tmp"], forceReload: false }],
    ["prompts/list", {}],
    ["mcpServerStatus/list", { limit: 2 }],
    ["mcpServer/tool/call", { threadId, server: "none", tool: "t", arguments: {} }],
    ["mcpServer/resource/read", { server: "none", uri: "file:///x" }],
    ["config/mcpServer/reload", {}],
    ["model/list", { limit: 1 }],
  ];
}

/** `JSON.stringify()`, with each `#deep()` marker replaced by its nested JSON text. */
function serialize(value: unknown): string {
  return JSON.stringify(value).replace(/"@@deep:(\d+):(array|object)@@"/g, (_, depth, kind) => {
    const n = Number(depth);
    return kind === "array"
      ? "[".repeat(n) + "]".repeat(n)
      : '{"type":"object","properties":{"a":'.repeat(n) + '{"type":"object"}' + "}}".repeat(n);
  });
}

/** What a frame must get back. */
type Expect = { kind: "reply"; id: string | number } | { kind: "nullError" } | { kind: "nothing" };

interface Frame {
  text: string;
  expect: Expect;
}

/** The frame generator: `next(n)` makes frame number `n`. */
class Fuzzer {
  readonly #rand: () => number;
  readonly #templates: [string, Record<string, Json>][];

  constructor(seed: number, threadId: string) {
    this.#rand = random(seed);
    this.#templates = templates(threadId);
  }

  #int(n: number): number {
    return Math.floor(this.#rand() * n);
  }

  #pick<T>(items: readonly T[]): T {
    return items[this.#int(items.length)];
  }

  #chance(p: number): boolean {
    return this.#rand() < p;
  }

  /** A value of some other type, sometimes big or deep. */
  #oddValue(): Json {
    switch (this.#int(12)) {
      case 0:
        return null;
      case 1:
        return this.#pick([0, -1, 1.5, 2 ** 53 + 2, 1e308, -0]);
      case 2:
        return this.#pick([true, false]);
      case 3:
        return "";
      case 4:
        return this.#pick(["x", "\u0000", "\ud800", "../../etc/passwd", "🦀".repeat(100), "%s%n"]);
      case 5:
        return "z".repeat(this.#pick([5_000, 70_000, 300_000]));
      case 6:
        return this.#deep(this.#pick([100, 1_000, 10_000]));
      case 7:
        return [];
      case 8:
        return {};
      case 9:
        return { ["__proto__"]: { polluted: true }, constructor: { prototype: { x: 1 } } };
      case 10:
        return Array.from({ length: this.#pick([3, 2_000]) }, (_, i) => i);
      default:
        return { type: this.#pick(["object", "text", "readOnly", "nope"]), extra: 1 };
    }
  }

  /**
   * A marker for arrays or objects nested `depth` deep: `serialize()` puts the nested JSON text in
   * its place (building and stringifying such a value here would overflow the test's own stack).
   */
  #deep(depth: number): Json {
    return `@@deep:${depth}:${this.#chance(0.5) ? "array" : "object"}@@`;
  }

  /** Every place in `value` a mutation may change: each member of each object or array. */
  #places(value: Json, out: [Record<string, Json>, string][] = []): [Record<string, Json>, string][] {
    if (value && typeof value === "object") {
      for (const [key, child] of Object.entries(value)) {
        out.push([value as Record<string, Json>, key]);
        this.#places(child, out);
      }
    }
    return out;
  }

  /** Something too big in place of `value`: a longer string, an object nested deeper, or either. */
  #oversized(value: Json): Json {
    const long = () => "z".repeat(this.#pick([5_000, 70_000, 300_000]));
    const deep = () => this.#deep(this.#pick([100, 1_000, 10_000]));
    if (typeof value === "string") return long();
    if (value && typeof value === "object" && !Array.isArray(value)) return deep();
    return this.#chance(0.5) ? long() : deep();
  }

  /** Changes one thing in `params` (a copy). */
  #mutate(params: Record<string, Json>): Json {
    const copy = structuredClone(params) as Record<string, Json>;
    const places = this.#places(copy);
    const place = places.length ? this.#pick(places) : null;
    switch (this.#int(9)) {
      case 0: // a member anywhere of the wrong type, or an odd value
        if (place) place[0][place[1]] = this.#oddValue();
        return copy;
      case 1:
      case 8: // a member anywhere too big for its kind
        if (place) place[0][place[1]] = this.#oversized(place[0][place[1]]);
        return copy;
      case 2: // a missing member
        if (place) delete place[0][place[1]];
        return copy;
      case 3: // params that are not an object
        return this.#pick([[], [copy], "params", 42, true]);
      case 4: // an unknown field
        // defineProperty: an assignment to `__proto__` would set the prototype, not a member.
        Object.defineProperty(copy, this.#pick(["unknownField", "__proto__", "constructor", "threadId2"]), {
          value: this.#oddValue(),
          enumerable: true,
        });
        return copy;
      case 5: // many fields odd
        for (const key of Object.keys(copy)) copy[key] = this.#chance(0.5) ? this.#oddValue() : copy[key];
        return copy;
      default: // untouched (a valid request)
        return copy;
    }
  }

  /** Frame number `n`. */
  next(n: number): Frame {
    const [method, params] = this.#pick(this.#templates);
    const id = this.#chance(0.5) ? `f${n}` : 1_000_000 + n;
    const request = { id, method, params: this.#mutate(params) };
    const reply: Expect = { kind: "reply", id };
    switch (this.#int(16)) {
      case 0: // an unknown method
        return {
          text: serialize({ ...request, method: this.#pick(["thread/nope", "", "x".repeat(3000), "initialized"]) }),
          // An empty method is not a message: answered, with the id it had.
          expect: reply,
        };
      case 1: { // invalid JSON: cut short, or garbage
        const whole = serialize(request);
        const cut = this.#chance(0.5) ? whole.slice(0, 1 + this.#int(whole.length - 1)) : `{"id": ${n}, method: x}`;
        return { text: cut, expect: { kind: "nullError" } };
      }
      case 2: // a batch
        return { text: serialize([request, { ...request, id: `b${n}` }]), expect: { kind: "nullError" } };
      case 3: // an id of an odd type
        return {
          text: serialize({ ...request, id: this.#pick([1.5, true, {}, [1], -0.25, 2 ** 60]) }),
          expect: { kind: "nullError" },
        };
      case 4: // a notification (no id, or id null): no answer
        return {
          text: serialize(this.#chance(0.5) ? { method, params: request.params } : { ...request, id: null }),
          expect: { kind: "nothing" },
        };
      case 5: // not an object at all
        return { text: serialize(this.#pick([42, "str", null, true])), expect: { kind: "nullError" } };
      case 6: // an answer to a server request nobody sent: ignored
        return {
          text: serialize(this.#chance(0.5) ? { id, result: {} } : { id, error: { code: 1, message: "m" } }),
          expect: { kind: "nothing" },
        };
      case 7: // a message with an id and nothing else, or a wrong jsonrpc
        return {
          text: serialize(this.#chance(0.5) ? { id } : { ...request, jsonrpc: "1.0" }),
          expect: reply,
        };
      case 8: // a blank line
        return { text: "   ", expect: { kind: "nothing" } };
      default:
        return { text: serialize(request), expect: reply };
    }
  }
}

/** Polls `done()` until true; fails after `timeoutMs` with `what()`. */
async function until(done: () => boolean, timeoutMs: number, what: () => string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`The server did not answer in ${timeoutMs} ms: ${what()}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

function isReply(m: RpcMessage): boolean {
  return m.method === undefined && ("result" in m || "error" in m);
}

Deno.test("app-server fuzz: thousands of mutated frames each get one well-formed answer; the server keeps serving", async () => {
  await withMockedStdioServer({
    responses: [turnOf(ev.assistantMessage("msg_1", "still alive"))],
  }, async ({ server, client }) => {
    await client.initialize({ experimentalApi: true });
    const threadId = (await client.call("thread/start", {})).thread.id as string;
    const fuzzer = new Fuzzer(SEED, threadId);
    const expected = new Map<string | number, string>();
    let nullErrors = 0;
    let seen = client.messages.length;
    const replies = new Map<string | number | null, RpcMessage[]>();
    const collect = () => {
      for (; seen < client.messages.length; seen++) {
        const m = client.messages[seen];
        if (!isReply(m)) continue;
        const key = m.id ?? null;
        replies.set(key, [...(replies.get(key) ?? []), m]);
      }
    };
    const started = Date.now();
    for (let n = 0; n < FRAMES; n += WAVE) {
      const wave: string[] = [];
      for (let i = n; i < Math.min(n + WAVE, FRAMES); i++) {
        const frame = fuzzer.next(i);
        wave.push(frame.text);
        if (frame.expect.kind === "reply") expected.set(frame.expect.id, frame.text);
        if (frame.expect.kind === "nullError") nullErrors++;
      }
      await server.write(wave.join("\n") + "\n");
      await until(
        () => {
          collect();
          return [...expected.keys()].every((id) => replies.has(id)) &&
            (replies.get(null)?.length ?? 0) >= nullErrors;
        },
        20_000,
        () => {
          const missing = [...expected.keys()].filter((id) => !replies.has(id)).slice(0, 3);
          return `missing ${missing.map((id) => expected.get(id)!.slice(0, 300)).join(" | ")}; ` +
            `${replies.get(null)?.length ?? 0} of ${nullErrors} id-null errors; stderr: ${
              server.stderr().slice(-2000)
            }`;
        },
      );
    }
    // Let late duplicates arrive, then check every answer.
    await new Promise((r) => setTimeout(r, 200));
    collect();
    assertEquals(replies.get(null)?.length ?? 0, nullErrors, "one id-null error per frame without a usable id");
    for (const [id, answers] of replies) {
      if (id === null) continue;
      const sent = expected.get(id)?.slice(0, 300);
      assert(sent !== undefined, `an answer to id ${id}, which no request had`);
      assertEquals(answers.length, 1, `request ${sent} was answered ${answers.length} times`);
    }
    const wrongCodes: string[] = [];
    for (const answers of replies.values()) {
      for (const answer of answers) {
        if (!answer.error || INPUT_ERRORS.has(answer.error.code)) continue;
        const sent = answer.id === null ? "(a frame without a usable id)" : expected.get(answer.id!)?.slice(0, 200);
        wrongCodes.push(`${sent} got ${JSON.stringify(answer.error).slice(0, 300)}`);
      }
    }
    assertEquals(wrongCodes, [], "bad input answered with a code outside -32700/-32600/-32601/-32602");
    const elapsed = Date.now() - started;

    // The server is alive and still runs a turn.
    const fresh = (await client.call("thread/start", {})).thread.id as string;
    await client.call("turn/start", { threadId: fresh, input: [text("are you there?")] });
    const completed = await client.waitFor((m) => m.method === "turn/completed" && m.params.threadId === fresh);
    assertEquals(completed.params.turn.status, "completed");
    assert(elapsed < 40_000, `the fuzz run took ${elapsed} ms`);
  });
});
