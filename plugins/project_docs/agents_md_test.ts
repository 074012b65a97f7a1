/**
 * @module
 * Tests for AGENTS.md discovery and the `agents-md` contributor, on real directory trees in a
 * temporary folder: root-to-cwd order, overrides, the global doc, the budget, the `.git` rule,
 * fallback names and the mtime cache.
 */
import { assertEquals, assertStringIncludes } from "@std/assert";
import { join } from "@std/path";
import type { ContextContributor, ContextRequest, PluginApi } from "../../kernel/mod.ts";
import { createAgentsMdContributor, loadAgentsMd, renderAgentsMd } from "./agents_md.ts";
import { DocCache } from "./doc_cache.ts";
import plugin, { ProjectDocsConfig } from "./mod.ts";

/** Writes `files` (path → content; content null makes a directory) under a new temp dir. */
async function tree(files: Record<string, string | null>): Promise<string> {
  const root = await Deno.makeTempDir({ prefix: "tern-project-docs-test-" });
  for (const [path, content] of Object.entries(files)) {
    const full = join(root, path);
    if (content === null) {
      await Deno.mkdir(full, { recursive: true });
    } else {
      await Deno.mkdir(join(full, ".."), { recursive: true });
      await Deno.writeTextFile(full, content);
    }
  }
  return root;
}

async function withTree(files: Record<string, string | null>, fn: (root: string) => Promise<void> | void) {
  const root = await tree(files);
  try {
    await fn(root);
  } finally {
    await Deno.remove(root, { recursive: true });
  }
}

function request(cwd: string): ContextRequest {
  return {
    threadId: "t",
    turnId: "turn-1",
    cwd,
    model: "m",
    approvalPolicy: "never",
    sandbox: { mode: "read-only", writableRoots: [], networkAccess: false },
    signal: new AbortController().signal,
  };
}

async function contribute(contributor: ContextContributor, cwd: string) {
  return await contributor.contribute(request(cwd));
}

const REPO = {
  "home": null,
  "AGENTS.md": "outside the repo",
  "repo/.git": null,
  "repo/AGENTS.md": "root doc\n",
  "repo/a/AGENTS.md": "a doc",
  "repo/a/AGENTS.override.md": "a override",
  "repo/a/b/AGENTS.md": "b doc",
  "repo/a/b/c": null,
};

Deno.test("loadAgentsMd() joins project docs from the repository root down to cwd, in order", async () => {
  await withTree(REPO, (root) => {
    const result = loadAgentsMd(join(root, "repo/a/b/c"), { ternHome: join(root, "home") });
    assertEquals(result.text, "root doc\n\na override\n\nb doc");
    assertEquals(result.sources, [
      join(root, "repo/AGENTS.md"),
      join(root, "repo/a/AGENTS.override.md"),
      join(root, "repo/a/b/AGENTS.md"),
    ]);
    assertEquals(result.warnings, []);
  });
});

Deno.test("loadAgentsMd() prefers AGENTS.override.md over AGENTS.md in the same directory", async () => {
  await withTree(REPO, (root) => {
    const text = loadAgentsMd(join(root, "repo/a"), { ternHome: join(root, "home") }).text ?? "";
    assertStringIncludes(text, "a override");
    assertEquals(text.includes("a doc"), false);
  });
});

Deno.test("loadAgentsMd() puts the global doc first, separated from the project docs", async () => {
  await withTree({ ...REPO, "home/AGENTS.md": "global doc" }, (root) => {
    const result = loadAgentsMd(join(root, "repo"), { ternHome: join(root, "home") });
    assertEquals(result.text, "global doc\n\n--- project-doc ---\n\nroot doc");
    assertEquals(result.sources[0], join(root, "home/AGENTS.md"));
  });
});

Deno.test("loadAgentsMd() takes the global AGENTS.override.md over AGENTS.md, alone when no project doc", async () => {
  await withTree(
    { "home/AGENTS.md": "global", "home/AGENTS.override.md": "global override\n", "cwd": null },
    (root) => {
      const result = loadAgentsMd(join(root, "cwd"), { ternHome: join(root, "home") });
      assertEquals(result.text, "global override");
    },
  );
});

Deno.test("loadAgentsMd() reads only cwd when no ancestor holds .git", async () => {
  await withTree({ "home": null, "AGENTS.md": "parent doc", "sub/AGENTS.md": "cwd doc" }, (root) => {
    assertEquals(loadAgentsMd(join(root, "sub"), { ternHome: join(root, "home") }).text, "cwd doc");
  });
});

Deno.test("loadAgentsMd() accepts a .git file (worktree) as the root marker", async () => {
  await withTree(
    { "home": null, "repo/.git": "gitdir: elsewhere", "repo/AGENTS.md": "root", "repo/x": null },
    (root) => {
      assertEquals(loadAgentsMd(join(root, "repo/x"), { ternHome: join(root, "home") }).text, "root");
    },
  );
});

Deno.test("loadAgentsMd() uses fallback file names only where no AGENTS file exists", async () => {
  await withTree({ ...REPO, "repo/CLAUDE.md": "claude root", "repo/a/b/c/CLAUDE.md": "claude c" }, (root) => {
    const result = loadAgentsMd(join(root, "repo/a/b/c"), {
      ternHome: join(root, "home"),
      fallbackFilenames: ["CLAUDE.md"],
    });
    assertEquals(result.text, "root doc\n\na override\n\nb doc\n\nclaude c");
  });
});

Deno.test("loadAgentsMd() truncates the project docs to maxBytes with a warning", async () => {
  await withTree({
    "home/AGENTS.md": "global is not budgeted",
    "repo/.git": null,
    "repo/AGENTS.md": "0123456789",
    "repo/x/AGENTS.md": "later",
  }, (root) => {
    const result = loadAgentsMd(join(root, "repo/x"), { ternHome: join(root, "home"), maxBytes: 4 });
    assertEquals(result.text, "global is not budgeted\n\n--- project-doc ---\n\n0123");
    assertEquals(result.warnings.length, 2);
    assertStringIncludes(result.warnings[0], `"${join(root, "repo/AGENTS.md")}" (10 bytes)`);
    assertStringIncludes(result.warnings[1], `"${join(root, "repo/x/AGENTS.md")}" skipped`);
  });
});

Deno.test("loadAgentsMd() never cuts a UTF-8 character in half when truncating", async () => {
  await withTree({ "home": null, "cwd/AGENTS.md": "aéb" }, (root) => {
    assertEquals(loadAgentsMd(join(root, "cwd"), { ternHome: join(root, "home"), maxBytes: 2 }).text, "a");
  });
});

Deno.test("agents-md contributor returns nothing when no doc exists", async () => {
  await withTree({ "home": null, "cwd": null, "empty/AGENTS.md": "  \n" }, async (root) => {
    const contributor = createAgentsMdContributor({ ternHome: join(root, "home") });
    assertEquals(await contribute(contributor, join(root, "cwd")), []);
    assertEquals(await contribute(contributor, join(root, "empty")), []);
  });
});

Deno.test("agents-md contributor renders one user fragment in the Codex shape", async () => {
  await withTree({ ...REPO, "home/AGENTS.md": "global" }, async (root) => {
    const cwd = join(root, "repo");
    const contributor = createAgentsMdContributor({ ternHome: join(root, "home") });
    assertEquals(await contribute(contributor, cwd), [{
      role: "user",
      text:
        `# AGENTS.md instructions for ${cwd}\n\n<INSTRUCTIONS>\nglobal\n\n--- project-doc ---\n\nroot doc\n</INSTRUCTIONS>`,
    }]);
    assertEquals(renderAgentsMd("/x", "t"), "# AGENTS.md instructions for /x\n\n<INSTRUCTIONS>\nt\n</INSTRUCTIONS>");
  });
});

Deno.test("agents-md contributor re-reads a doc only after it changes", async () => {
  await withTree(REPO, async (root) => {
    const cache = new DocCache();
    const contributor = createAgentsMdContributor({ ternHome: join(root, "home"), cache });
    const cwd = join(root, "repo/a/b");
    await contribute(contributor, cwd);
    const reads = cache.reads;
    assertEquals(reads, 3);
    await contribute(contributor, cwd);
    assertEquals(cache.reads, reads, "unchanged files are not read again");

    const doc = join(root, "repo/a/b/AGENTS.md");
    await Deno.writeTextFile(doc, "b edit");
    await Deno.utime(doc, 12345, 12345);
    const [fragment] = await contribute(contributor, cwd);
    assertStringIncludes(fragment.text, "b edit");
    assertEquals(cache.reads, reads + 1);
  });
});

Deno.test("agents-md contributor gives each truncation warning once across turns", async () => {
  await withTree({ "home": null, "cwd/AGENTS.md": "0123456789" }, async (root) => {
    const warnings: string[] = [];
    const contributor = createAgentsMdContributor({
      ternHome: join(root, "home"),
      maxBytes: 5,
      warn: (message) => warnings.push(message),
    });
    await contribute(contributor, join(root, "cwd"));
    await contribute(contributor, join(root, "cwd"));
    assertEquals(warnings.length, 1);
  });
});

Deno.test('plugin "project-docs" adds the agents-md contributor with its config section', async () => {
  await withTree({ "home": null, "cwd/AGENTS.md": "0123456789" }, async (root) => {
    const added: ContextContributor[] = [];
    const warnings: string[] = [];
    const api = {
      name: "project-docs",
      ternHome: join(root, "home"),
      context: { register: (contributor: ContextContributor) => (added.push(contributor), () => {}) },
      warn: (message: string) => warnings.push(message),
      log: () => {},
    } as unknown as PluginApi;
    assertEquals(ProjectDocsConfig.parse(undefined), { maxBytes: 32768, fallbackFilenames: [] });
    await plugin.setup(api, ProjectDocsConfig.parse({ maxBytes: 3 }));
    assertEquals(added.map((contributor) => contributor.name), ["agents-md"]);
    const [fragment] = await contribute(added[0], join(root, "cwd"));
    assertStringIncludes(fragment.text, "<INSTRUCTIONS>\n012\n</INSTRUCTIONS>");
    assertEquals(warnings.length, 1);
  });
});
