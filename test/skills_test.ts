/**
 * @module
 * The skills plugin with the real shell tool and the scripted model in one runtime: a skill
 * script's approval request carries `skillMetadata` and `acceptForSession` covers that script for
 * the thread only; the model reading a `SKILL.md` or a `skill` input item activates it; a
 * variable a client provides reaches the skill's script, even one run without reading `SKILL.md`.
 */
import { assertEquals, assertStringIncludes } from "@std/assert";
import { fromFileUrl, join } from "@std/path";
import { loadConfig, type Notification, type PendingServerRequest, Runtime } from "../kernel/mod.ts";

const root = fromFileUrl(new URL("..", import.meta.url));
const PLUGINS = ["plugins/scripted", "tools/shell", "plugins/skills"].map((p) => join(root, p));

async function workspace(skill: { env?: string; script: string }) {
  const dir = await Deno.realPath(await Deno.makeTempDir({ prefix: "tern_skills_rt_" }));
  const skillDir = join(dir, "ws/.agents/skills/hello");
  await Deno.mkdir(join(skillDir, "scripts"), { recursive: true });
  await Deno.mkdir(join(dir, "ws/.git"));
  const env = skill.env ? `metadata:\n  env:\n    - name: ${skill.env}\n      description: the greeting\n` : "";
  await Deno.writeTextFile(
    join(skillDir, "SKILL.md"),
    `---\ndescription: Says hello\n${env}---\nRun scripts/hello.sh\n`,
  );
  await Deno.writeTextFile(join(skillDir, "scripts/hello.sh"), `#!/bin/sh\n${skill.script}\n`);
  await Deno.chmod(join(skillDir, "scripts/hello.sh"), 0o755);
  return { dir, ws: join(dir, "ws"), skillDir, [Symbol.asyncDispose]: () => Deno.remove(dir, { recursive: true }) };
}

async function boot(ws: string, home: string, responses: unknown[][], answer: (r: PendingServerRequest) => unknown) {
  const loaded = await loadConfig({
    cwd: ws,
    ternHome: home,
    overrides: [
      `plugins=${JSON.stringify(PLUGINS)}`,
      'model_provider="scripted"',
      `scripted.responses=${JSON.stringify(responses)}`,
    ],
  });
  const warnings: string[] = [];
  const runtime = await Runtime.create({
    cwd: ws,
    ternHome: home,
    loaded,
    builtins: {},
    cliVersion: "test",
    warn: (m) => warnings.push(m),
  });
  const events: Notification[] = [];
  const requests: PendingServerRequest[] = [];
  runtime.bus.onAny((n) => void events.push(n));
  runtime.bus.attachResponder((request) => {
    requests.push(request);
    return Promise.resolve(answer(request));
  });
  return { runtime, events, requests, warnings };
}

const text = (t: string) => ({ type: "text" as const, text: t, text_elements: [] });
const outputs = (events: Notification[]) =>
  events.flatMap((e) =>
    e.method === "item/completed" && e.params.item.type === "commandExecution"
      ? [e.params.item.aggregatedOutput ?? ""]
      : []
  );

/**
 * A workspace whose `hello` skill needs a fresh environment variable, booted on `script`; the
 * client answers `answer` when asked for the variable and accepts every approval.
 */
async function bootNeedingVariable(script: unknown[][], answer: string) {
  const variable = `TERN_SKILLS_RT_${crypto.randomUUID().slice(0, 8).toUpperCase()}`;
  const w = await workspace({ env: variable, script: `echo "greeting=$${variable}"` });
  const booted = await boot(
    w.ws,
    join(w.dir, "home"),
    script,
    (request) =>
      request.method === "item/tool/requestUserInput"
        ? { answers: { [variable]: { answers: [answer] } } }
        : { decision: "accept" },
  );
  return { variable, w, ...booted };
}

Deno.test("a skill script asks once with skillMetadata, and acceptForSession covers it for that thread only", async () => {
  await using w = await workspace({ script: "echo hello from the skill" });
  const run = { call: "shell_command", args: { command: ".agents/skills/hello/scripts/hello.sh", workdir: "." } };
  const script = [[run], [run], [{ say: "done" }], [run], [{ say: "done again" }]];
  const { runtime, events, requests } = await boot(w.ws, join(w.dir, "home"), script, () => ({
    decision: "acceptForSession",
  }));
  try {
    const settings = { approvalPolicy: "on-request" as const, sandboxMode: "danger-full-access" as const };
    const first = await runtime.startThread(settings);
    await first.run([text("$hello run your script twice")]);
    const second = await runtime.startThread(settings);
    await second.run([text("and once more here")]);
    await runtime.bus.idle();
    const approvals = requests.filter((r) => r.method === "item/commandExecution/requestApproval");
    assertEquals(approvals.map((r) => r.threadId), [first.id, second.id], "asked once per thread");
    const params = approvals[0].params as { skillMetadata?: unknown; reason?: string };
    assertEquals(params.skillMetadata, { pathToSkillsMd: join(w.skillDir, "SKILL.md") });
    assertStringIncludes(params.reason!, 'scripts/hello.sh of the skill "hello"');
    assertEquals(outputs(events), ["hello from the skill\n", "hello from the skill\n", "hello from the skill\n"]);
    const activated = events.flatMap((e) => (e.method === "skill/activated" ? [[e.params.name, e.params.reason]] : []));
    assertEquals(activated, [["hello", "mention"]]);
  } finally {
    await runtime.close();
  }
});

Deno.test("the model reading SKILL.md activates the skill, and a variable the client gives reaches its script", async () => {
  const script = [
    [{ call: "shell_command", args: { command: "cat .agents/skills/hello/SKILL.md" } }],
    [{ call: "shell_command", args: { command: "sh .agents/skills/hello/scripts/hello.sh" } }],
    [{ say: "{{output}}" }],
  ];
  const { variable, w, runtime, events, requests } = await bootNeedingVariable(script, "bonjour");
  await using _workspace = w;
  try {
    const thread = await runtime.startThread({ approvalPolicy: "on-request", sandboxMode: "danger-full-access" });
    await thread.run([text("say hello the skill's way")]);
    await runtime.bus.idle();
    const activated = events.flatMap((e) => (e.method === "skill/activated" ? [[e.params.name, e.params.reason]] : []));
    assertEquals(activated, [["hello", "read"]]);
    const question = requests.find((r) => r.method === "item/tool/requestUserInput");
    assertEquals((question?.params as { questions: { isSecret: boolean }[] }).questions[0].isSecret, true);
    assertEquals(outputs(events).at(-1), "greeting=bonjour\n");
  } finally {
    Deno.env.delete(variable);
    await runtime.close();
  }
});

Deno.test("a skill script the model runs straight away asks for the skill's variable before the approval", async () => {
  const script = [
    [{ call: "shell_command", args: { command: "sh .agents/skills/hello/scripts/hello.sh" } }],
    [{ say: "{{output}}" }],
  ];
  const { variable, w, runtime, events, requests } = await bootNeedingVariable(script, "hola");
  await using _workspace = w;
  try {
    const thread = await runtime.startThread({ approvalPolicy: "on-request", sandboxMode: "danger-full-access" });
    await thread.run([text("greet me")]);
    await runtime.bus.idle();
    assertEquals(requests.map((r) => r.method), [
      "item/tool/requestUserInput",
      "item/commandExecution/requestApproval",
    ]);
    assertEquals(outputs(events), ["greeting=hola\n"]);
  } finally {
    Deno.env.delete(variable);
    await runtime.close();
  }
});

Deno.test("a skill input item activates the skill on the bus as inputItem", async () => {
  await using w = await workspace({ script: "echo hi" });
  const { runtime, events } = await boot(w.ws, join(w.dir, "home"), [[{ say: "ok" }]], () => ({ decision: "decline" }));
  try {
    const thread = await runtime.startThread({ approvalPolicy: "on-request", sandboxMode: "danger-full-access" });
    await thread.run([{ type: "skill", name: "hello", path: w.skillDir }, text("go")]);
    await runtime.bus.idle();
    const activated = events.flatMap((e) => (e.method === "skill/activated" ? [e.params] : []));
    assertEquals(activated.map((p) => [p.name, p.path, p.reason, p.threadId]), [
      ["hello", join(w.skillDir, "SKILL.md"), "inputItem", thread.id],
    ]);
  } finally {
    await runtime.close();
  }
});
