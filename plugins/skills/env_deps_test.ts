/**
 * @module
 * Tests for environment-variable dependencies: warnings, the `requestUserInput` question (a
 * recorder answers it) and the real process environment.
 */
import { assertEquals, assertStringIncludes } from "@std/assert";
import type { Skill } from "./catalog.ts";
import { recorder } from "./_testing.ts";
import { EnvDependencies } from "./env_deps.ts";

/** Runs `fn` with a variable name no other test uses, removed from the environment afterwards. */
async function withFreshVar(fn: (name: string) => Promise<void>): Promise<void> {
  const name = `TERN_SKILL_TEST_${crypto.randomUUID().replaceAll("-", "_").toUpperCase()}`;
  try {
    await fn(name);
  } finally {
    Deno.env.delete(name);
  }
}

const skillNeeding = (name: string) =>
  ({ name: "deploy", path: "/s/deploy/SKILL.md", env: [{ name, description: "the deploy token" }] }) as Skill;

const answering = (values: Record<string, string>) =>
  recorder(() => ({
    status: "answered",
    response: { answers: Object.fromEntries(Object.entries(values).map(([k, v]) => [k, { answers: [v] }])) },
  }));

Deno.test("a missing variable is reported, asked for as a secret, and the answer is set for commands", () =>
  withFreshVar(async (token) => {
    const rec = answering({ [token]: "s3cret" });
    const check = { threadId: "t1", turnId: "u1", itemId: "i1", ...rec };
    const note = await new EnvDependencies().ensure(skillNeeding(token), check);
    assertEquals(rec.emitted("warning"), [{
      threadId: "t1",
      message: `The skill "deploy" needs the environment variable ${token} (the deploy token), which is not set`,
    }]);
    assertEquals(rec.requests(), [{
      kind: "request",
      method: "item/tool/requestUserInput",
      params: {
        threadId: "t1",
        turnId: "u1",
        itemId: "i1",
        isBlocking: true,
        questions: [{
          id: token,
          header: token,
          question: `The skill "deploy" needs the environment variable ${token} (the deploy token). ` +
            "Enter its value; it is kept in memory only.",
          isOther: false,
          isSecret: true,
          options: null,
        }],
      },
    }]);
    assertEquals(Deno.env.get(token), "s3cret");
    assertStringIncludes(note!, "The user provided");
    assertEquals(note!.includes("s3cret"), false, "the value never reaches the model");
  }));

Deno.test("a variable nobody provides becomes a note, and the thread is not asked for it again", () =>
  withFreshVar(async (token) => {
    const rec = recorder(); // declines: no client attached
    const deps = new EnvDependencies();
    const check = { threadId: "t1", turnId: "u1", itemId: "i1", ...rec };
    const first = await deps.ensure(skillNeeding(token), check);
    const second = await deps.ensure(skillNeeding(token), { ...check, turnId: "u2" });
    assertStringIncludes(first!, `needs the environment variable ${token} (the deploy token), which is not set`);
    assertEquals(second, first);
    assertEquals(rec.requests().length, 1);
    assertEquals(rec.emitted("warning").length, 2, "reported before every use");
    await deps.ensure(skillNeeding(token), { ...check, threadId: "t2" });
    assertEquals(rec.requests().length, 2, "another thread is asked");
  }));

Deno.test("a variable that is set needs nothing, and askForMissingEnv: false only reports", () =>
  withFreshVar(async (token) => {
    const rec = recorder();
    const check = { threadId: "t1", turnId: "u1", itemId: "i1", ...rec };
    const noAsk = new EnvDependencies({ ask: false });
    assertStringIncludes((await noAsk.ensure(skillNeeding(token), check))!, "is not set");
    assertEquals(rec.requests(), []);
    Deno.env.set(token, "present");
    assertEquals(await new EnvDependencies().ensure(skillNeeding(token), check), null);
  }));
