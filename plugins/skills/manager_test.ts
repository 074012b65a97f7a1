/**
 * @module
 * Tests for `SkillsManager`: caching, `forceReload`, and live reload with real file writes and
 * `Deno.watchFs` (deferred and immediate watching, debouncing).
 */
import { assert, assertEquals, assertStrictEquals } from "@std/assert";
import { skillMd, tree } from "./_testing.ts";
import { SkillsManager } from "./manager.ts";

/** Resolves on the manager's next change report, or rejects after `ms`. */
function nextChange(ms = 5000) {
  let resolve!: () => void;
  const changed = new Promise<void>((r) => (resolve = r));
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no change reported within ${ms} ms`)), ms);
  });
  return { onChange: () => resolve(), wait: () => Promise.race([changed, timeout]).finally(() => clearTimeout(timer)) };
}

/** A manager over `t` (home `t/home`, no user home) that watches, with `change` told of each change. */
function watchingManager(t: { path(rel: string): string }) {
  const change = nextChange();
  const manager = new SkillsManager({
    ternHome: t.path("home"),
    home: null,
    debounceMs: 50,
    onChange: change.onChange,
  });
  return { manager, change };
}

Deno.test("SkillsManager.load() answers from the cache until forceReload", async () => {
  await using t = await tree({ "ws/.agents/skills/a/SKILL.md": skillMd({ description: "A" }) });
  const manager = new SkillsManager({ ternHome: t.path("home"), home: null, watch: false });
  const first = await manager.load(t.path("ws"));
  assertStrictEquals(await manager.load(t.path("ws")), first);
  await t.write("ws/.agents/skills/b/SKILL.md", skillMd({ description: "B" }));
  assertEquals((await manager.load(t.path("ws"))).skills.length, 1, "unwatched: the cache is not dropped");
  const reloaded = await manager.load(t.path("ws"), { forceReload: true });
  assert(reloaded !== first);
  assertEquals(reloaded.skills.map((s) => s.name), ["a", "b"]);
  manager.close();
});

Deno.test("SkillsManager reports a SKILL.md written under a watched root, and the next load sees it", async () => {
  await using t = await tree({ "ws/.agents/skills/a/SKILL.md": skillMd({ description: "A" }) });
  const { manager, change } = watchingManager(t);
  try {
    assertEquals((await manager.load(t.path("ws"), { watchNow: true })).skills.map((s) => s.name), ["a"]);
    await t.write("ws/.agents/skills/b/SKILL.md", skillMd({ description: "B" }));
    await change.wait();
    assertEquals((await manager.load(t.path("ws"))).skills.map((s) => s.name), ["a", "b"]);
  } finally {
    manager.close();
  }
});

Deno.test("SkillsManager notices a skills root that did not exist when it first looked", async () => {
  await using t = await tree({ "ws/readme.txt": "" });
  const { manager, change } = watchingManager(t);
  try {
    assertEquals((await manager.load(t.path("ws"), { watchNow: true })).skills, []);
    await t.write("ws/.tern/skills/new/SKILL.md", skillMd({ description: "New" }));
    await change.wait();
    assertEquals((await manager.load(t.path("ws"))).skills.map((s) => s.name), ["new"]);
  } finally {
    manager.close();
  }
});

Deno.test("SkillsManager debounces a burst of writes into one change report", async () => {
  await using t = await tree({ "ws/.agents/skills/a/SKILL.md": skillMd({ description: "A" }) });
  let reports = 0;
  const manager = new SkillsManager({
    ternHome: t.path("home"),
    home: null,
    debounceMs: 100,
    onChange: () => reports++,
  });
  try {
    await manager.load(t.path("ws"), { watchNow: true });
    for (let i = 0; i < 5; i++) await t.write(`ws/.agents/skills/s${i}/SKILL.md`, skillMd({ description: `S${i}` }));
    await new Promise((r) => setTimeout(r, 400));
    assertEquals(reports, 1);
  } finally {
    manager.close();
  }
});

Deno.test("SkillsManager starts watching a while after a plain load, and then sees what changed in between", async () => {
  await using t = await tree({ "ws/.agents/skills/a/SKILL.md": skillMd({ description: "A" }) });
  const change = nextChange();
  const manager = new SkillsManager({
    ternHome: t.path("home"),
    home: null,
    watchDelayMs: 200,
    debounceMs: 50,
    onChange: change.onChange,
  });
  try {
    await manager.load(t.path("ws"));
    await t.write("ws/.agents/skills/early/SKILL.md", skillMd({ description: "Before the watchers" }));
    await new Promise((r) => setTimeout(r, 300));
    assertEquals((await manager.load(t.path("ws"))).skills.map((s) => s.name), ["a", "early"]);
    await t.write("ws/.agents/skills/late/SKILL.md", skillMd({ description: "After" }));
    await change.wait();
    assertEquals((await manager.load(t.path("ws"))).skills.map((s) => s.name), ["a", "early", "late"]);
  } finally {
    manager.close();
  }
});

Deno.test("SkillsManager reports an edit inside a symlinked skill folder, watched at its real path", async () => {
  await using t = await tree({ "elsewhere/linked/SKILL.md": skillMd({ description: "Before" }), "ws/x.txt": "" });
  await Deno.mkdir(t.path("ws/.agents/skills"), { recursive: true });
  await Deno.symlink(t.path("elsewhere/linked"), t.path("ws/.agents/skills/linked"));
  const { manager, change } = watchingManager(t);
  try {
    assertEquals((await manager.load(t.path("ws"), { watchNow: true })).skills.map((s) => s.description), ["Before"]);
    await t.write("elsewhere/linked/SKILL.md", skillMd({ description: "After" }));
    await change.wait();
    assertEquals((await manager.load(t.path("ws"))).skills.map((s) => s.description), ["After"]);
  } finally {
    manager.close();
  }
});
