/**
 * `tern app-server` fuzzy file search: `fuzzyFileSearch` finds files by a fuzzy query and leaves
 * out what `.gitignore` excludes (nested rules and `!` re-includes too); the experimental session
 * API streams each query's matches as `fuzzyFileSearch/sessionUpdated` then
 * `fuzzyFileSearch/sessionCompleted`, and refuses an unknown or stopped session.
 */
import { assert, assertEquals } from "@std/assert";
import { join } from "@std/path";
import { spawnStdioServer } from "./support/app_server_process.ts";
import { makeSandbox } from "./support/tern_process.ts";

/** A small project: source files, an ignored build folder, a nested .gitignore with a re-include. */
async function writeProject(root: string): Promise<void> {
  const files: Record<string, string> = {
    ".gitignore": "dist/\n*.log\n",
    "src/components/Button.tsx": "",
    "src/components/ButtonGroup.tsx": "",
    "src/utils/format_date.ts": "",
    "docs/guide.md": "",
    "dist/components/Button.js": "",
    "debug.log": "",
    "pkg/.gitignore": "generated/*\n!generated/keep_button.ts\n",
    "pkg/generated/button_gen.ts": "",
    "pkg/generated/keep_button.ts": "",
  };
  for (const [path, text] of Object.entries(files)) {
    await Deno.mkdir(join(root, path, ".."), { recursive: true });
    await Deno.writeTextFile(join(root, path), text);
  }
}

Deno.test("fuzzyFileSearch finds files by a fuzzy query and skips what .gitignore excludes", async () => {
  const sandbox = await makeSandbox();
  const server = spawnStdioServer(sandbox);
  try {
    await writeProject(sandbox.workspace);
    await server.client.initialize();
    const { files } = await server.client.call("fuzzyFileSearch", {
      query: "btn",
      roots: [sandbox.workspace],
      cancellationToken: null,
    });
    const paths = files.map((f: { path: string }) => f.path);
    assert(paths.includes("src/components/Button.tsx"), `Button.tsx should match "btn": ${paths}`);
    assert(paths.includes("pkg/generated/keep_button.ts"), `a re-included file should match: ${paths}`);
    for (const hidden of ["dist/components/Button.js", "pkg/generated/button_gen.ts"]) {
      assert(!paths.includes(hidden), `${hidden} is .gitignored and must not be listed: ${paths}`);
    }
    const button = files.find((f: { path: string }) => f.path === "src/components/Button.tsx");
    assertEquals(button.root, sandbox.workspace);
    assertEquals(button.file_name, "Button.tsx");
    assertEquals(button.match_type, "file");
    assertEquals(button.indices.map((i: number) => button.path[i]).join("").toLowerCase(), "btn");

    const logs = await server.client.call("fuzzyFileSearch", { query: "debuglog", roots: [sandbox.workspace] });
    assertEquals(logs.files, [], "debug.log matches *.log in .gitignore");

    const relative = await server.client.request("fuzzyFileSearch", { query: "x", roots: ["src"] });
    assertEquals(relative.error?.code, -32600);
    assert(relative.error?.message.includes("roots[0]"), relative.error?.message);
  } finally {
    await server.stop();
    await sandbox.cleanup();
  }
});

Deno.test("a fuzzy file search session streams each query's matches, then completes", async () => {
  const sandbox = await makeSandbox();
  const server = spawnStdioServer(sandbox);
  try {
    await writeProject(sandbox.workspace);
    const { client } = server;
    await client.initialize({ experimentalApi: true });
    await client.call("fuzzyFileSearch/sessionStart", { sessionId: "s1", roots: [sandbox.workspace] });

    for (const [query, expected] of [["fmt", "src/utils/format_date.ts"], ["guide", "docs/guide.md"]]) {
      const updated = client.notification("fuzzyFileSearch/sessionUpdated", (p) => p.query === query);
      const completed = client.notification("fuzzyFileSearch/sessionCompleted", (p) => p.sessionId === "s1");
      assertEquals(await client.call("fuzzyFileSearch/sessionUpdate", { sessionId: "s1", query }), {});
      const params = (await updated).params;
      assertEquals(params.sessionId, "s1");
      assertEquals(params.files[0]?.path, expected, `best match for "${query}"`);
      await completed;
    }

    assertEquals(await client.call("fuzzyFileSearch/sessionStop", { sessionId: "s1" }), {});
    const afterStop = await client.request("fuzzyFileSearch/sessionUpdate", { sessionId: "s1", query: "a" });
    assertEquals(afterStop.error?.message, "fuzzy file search session not found: s1");
  } finally {
    await server.stop();
    await sandbox.cleanup();
  }
});

Deno.test("the fuzzy file search session API needs the experimental capability", async () => {
  const sandbox = await makeSandbox();
  const server = spawnStdioServer(sandbox);
  try {
    await server.client.initialize();
    const refused = await server.client.request("fuzzyFileSearch/sessionStart", {
      sessionId: "s",
      roots: [sandbox.workspace],
    });
    assertEquals(refused.error?.message, "fuzzyFileSearch/sessionStart requires experimentalApi capability");
    const plain = await server.client.call("fuzzyFileSearch", { query: "x", roots: [sandbox.workspace] });
    assertEquals(plain, { files: [] }, "the one-shot method needs no capability");
  } finally {
    await server.stop();
    await sandbox.cleanup();
  }
});
