/**
 * @module
 * Tests for `loadCatalog()` on real trees: every kind of root, precedence on name clashes,
 * broken skills, disabled skills and symlinks.
 */
import { assertEquals } from "@std/assert";
import { skillMd, tree } from "./_testing.ts";
import { loadCatalog } from "./catalog.ts";

const md = (description: string, name?: string) => skillMd(name ? { name, description } : { description });

Deno.test("loadCatalog() finds skills in every kind of root and reports each with its scope", async () => {
  await using t = await tree({
    "repo/.git/HEAD": "",
    "repo/.agents/skills/lint/SKILL.md": md("Runs the linters"),
    "repo/app/.tern/skills/build/SKILL.md": md("Builds the app"),
    "home/.tern/skills/notes/SKILL.md": md("Takes notes"),
    "home/.agents/skills/review/SKILL.md": md("Reviews code"),
    "vendor/acme/deploy/SKILL.md": md("Deploys with Acme"),
    "shared/format/SKILL.md": md("Formats files"),
  });
  const catalog = await loadCatalog(t.path("repo/app"), {
    ternHome: t.path("home/.tern"),
    home: t.path("home"),
    extraRoots: [t.path("shared"), `acme:${t.path("vendor/acme")}`],
  });
  assertEquals(catalog.skills.map((s) => [s.name, s.scope, s.path]), [
    ["build", "repo", t.path("repo/app/.tern/skills/build/SKILL.md")],
    ["lint", "repo", t.path("repo/.agents/skills/lint/SKILL.md")],
    ["notes", "user", t.path("home/.tern/skills/notes/SKILL.md")],
    ["review", "user", t.path("home/.agents/skills/review/SKILL.md")],
    ["acme:deploy", "plugin", t.path("vendor/acme/deploy/SKILL.md")],
    ["format", "extra", t.path("shared/format/SKILL.md")],
  ]);
  assertEquals(catalog.errors, []);
});

Deno.test("loadCatalog() keeps the nearest skill on a name clash: cwd over the repo root, .tern over .agents, repo over user over extra", async () => {
  await using t = await tree({
    "repo/.git/HEAD": "",
    "repo/.agents/skills/a/SKILL.md": md("root a", "same"),
    "repo/pkg/.agents/skills/a/SKILL.md": md("pkg a", "same"),
    "repo/pkg/.tern/skills/b/SKILL.md": md("tern b", "both"),
    "repo/pkg/.agents/skills/b/SKILL.md": md("agents b", "both"),
    "home/.tern/skills/c/SKILL.md": md("user c", "mine"),
    "repo/.agents/skills/c/SKILL.md": md("repo c", "mine"),
    "extra/d/SKILL.md": md("extra d", "shadow"),
    "home/.agents/skills/d/SKILL.md": md("user d", "shadow"),
  });
  const logs: string[] = [];
  const catalog = await loadCatalog(t.path("repo/pkg"), {
    ternHome: t.path("home/.tern"),
    home: t.path("home"),
    extraRoots: [t.path("extra")],
    log: (m) => logs.push(m),
  });
  const winners = Object.fromEntries(catalog.skills.map((s) => [s.name, s.description]));
  assertEquals(winners, { same: "pkg a", both: "tern b", mine: "repo c", shadow: "user d" });
  assertEquals(logs.length, 4, "each hidden skill is logged");
});

Deno.test("loadCatalog() reports a broken skill with its path and reason and still loads the others", async () => {
  await using t = await tree({
    "ws/.agents/skills/good/SKILL.md": md("Works"),
    "ws/.agents/skills/no-frontmatter/SKILL.md": "# Nothing here\n",
    "ws/.agents/skills/no-description/SKILL.md": skillMd({ name: "nd" }),
    "ws/.agents/skills/bad-yaml/SKILL.md": "---\ndescription: [oops\n---\n",
  });
  const catalog = await loadCatalog(t.path("ws"), { ternHome: t.path("home"), home: null });
  assertEquals(catalog.skills.map((s) => s.name), ["good"]);
  const errors = Object.fromEntries(catalog.errors.map((e) => [e.path.split("/").at(-2), e.message]));
  assertEquals(Object.keys(errors).sort(), ["bad-yaml", "no-description", "no-frontmatter"]);
  assertEquals(errors["no-description"], 'Cannot use the skill: "description" is required');
  assertEquals(errors["no-frontmatter"], "Cannot read the frontmatter: SKILL.md must start with a --- line");
});

Deno.test("loadCatalog() marks skills disabled by name or by path, and keeps listing them", async () => {
  await using t = await tree({
    "ws/.agents/skills/one/SKILL.md": md("One"),
    "ws/.agents/skills/two/SKILL.md": md("Two"),
    "ws/.agents/skills/three/SKILL.md": md("Three"),
  });
  const catalog = await loadCatalog(t.path("ws"), {
    ternHome: t.path("home"),
    home: null,
    disabled: ["one", ".agents/skills/two/SKILL.md"],
  });
  assertEquals(catalog.skills.map((s) => [s.name, s.enabled]), [["one", false], ["three", true], ["two", false]]);
  const byFolder = await loadCatalog(t.path("ws"), {
    ternHome: t.path("home"),
    home: null,
    disabled: [t.path("ws/.agents/skills/three")],
  });
  assertEquals(byFolder.skills.map((s) => [s.name, s.enabled]), [["one", true], ["three", false], ["two", true]]);
});

Deno.test("loadCatalog() lists a skill folder reached from two roots once", async () => {
  await using t = await tree({ "ws/.agents/skills/real/SKILL.md": md("Real") });
  await Deno.mkdir(t.path("ws/.tern/skills"), { recursive: true });
  await Deno.symlink(t.path("ws/.agents/skills/real"), t.path("ws/.tern/skills/alias"));
  const catalog = await loadCatalog(t.path("ws"), { ternHome: t.path("home"), home: null });
  assertEquals(catalog.skills.map((s) => [s.name, s.path]), [["alias", t.path("ws/.tern/skills/alias/SKILL.md")]]);
});
