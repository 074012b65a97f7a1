/**
 * @module
 * Tests for the discovery roots and their precedence order.
 */
import { assertEquals } from "@std/assert";
import { tree } from "./_testing.ts";
import { parseExtraRoot, projectRoot, skillRoots } from "./roots.ts";

Deno.test("skillRoots() lists .tern then .agents from cwd up to the git root, then user, plugin and extra roots", async () => {
  await using t = await tree({ "repo/.git/HEAD": "", "repo/pkg/app/x.txt": "" });
  const roots = await skillRoots(t.path("repo/pkg/app"), {
    ternHome: t.path("home/.tern"),
    home: t.path("home"),
    extraRoots: ["/opt/skills", "acme:/opt/acme-skills"],
  });
  assertEquals(roots, [
    { path: t.path("repo/pkg/app/.tern/skills"), scope: "repo" },
    { path: t.path("repo/pkg/app/.agents/skills"), scope: "repo" },
    { path: t.path("repo/pkg/.tern/skills"), scope: "repo" },
    { path: t.path("repo/pkg/.agents/skills"), scope: "repo" },
    { path: t.path("repo/.tern/skills"), scope: "repo" },
    { path: t.path("repo/.agents/skills"), scope: "repo" },
    { path: t.path("home/.tern/skills"), scope: "user" },
    { path: t.path("home/.agents/skills"), scope: "user" },
    { path: "/opt/acme-skills", scope: "plugin", plugin: "acme" },
    { path: "/opt/skills", scope: "extra" },
  ]);
});

Deno.test("skillRoots() searches only cwd when no ancestor holds .git, and drops a root listed twice", async () => {
  await using t = await tree({ "work/dir/x.txt": "" });
  const roots = await skillRoots(t.path("work/dir"), { ternHome: t.path("work/dir/.tern"), home: null });
  assertEquals(roots.map((r) => [r.path, r.scope]), [
    [t.path("work/dir/.tern/skills"), "repo"],
    [t.path("work/dir/.agents/skills"), "repo"],
  ]);
  assertEquals(await projectRoot(t.path("work/dir")), t.path("work/dir"));
});

Deno.test("parseExtraRoot() expands ~, resolves relative paths from cwd, and reads a plugin prefix", () => {
  assertEquals(parseExtraRoot("~/shared", "/w", "/home/me"), { path: "/home/me/shared", scope: "extra" });
  assertEquals(parseExtraRoot("vendor/skills", "/w", null), { path: "/w/vendor/skills", scope: "extra" });
  assertEquals(parseExtraRoot("acme-jira:./skills", "/w", null), {
    path: "/w/skills",
    scope: "plugin",
    plugin: "acme-jira",
  });
});
