/**
 * @module
 * Runs every case of the portable corpus in `conformance/` (layout in its README) through the
 * `apply_patch` tool: copy `input/` to a temp dir, apply `patch.txt`, compare the tree with
 * `expected/` (or with `input/` and the error substring when `expected_error.txt` is there).
 */
import { assert, assertEquals, assertStringIncludes } from "@std/assert";
import { join } from "@std/path";
import { fakeContext } from "./_fake_context.ts";
import { createApplyPatchTool } from "./apply_patch_tool.ts";

const corpus = new URL("./conformance/", import.meta.url).pathname;

/** Every regular file under `dir`, by relative path, with its bytes (hex, so diffs read well). */
async function tree(dir: string): Promise<Record<string, string>> {
  const files: Record<string, string> = {};
  const walk = async (at: string, prefix: string) => {
    let entries: Deno.DirEntry[];
    try {
      entries = await Array.fromAsync(Deno.readDir(at));
    } catch (error) {
      if (error instanceof Deno.errors.NotFound) return;
      throw error;
    }
    for (const entry of entries) {
      const rel = prefix + entry.name;
      if (entry.isDirectory) await walk(join(at, entry.name), rel + "/");
      else files[rel] = show(await Deno.readFile(join(at, entry.name)));
    }
  };
  await walk(dir, "");
  return files;
}

/** Text as text, other bytes as hex. */
function show(bytes: Uint8Array): string {
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return `hex:${[...bytes].map((b) => b.toString(16).padStart(2, "0")).join("")}`;
  }
}

async function copyTree(from: string, to: string): Promise<void> {
  for (const [rel] of Object.entries(await tree(from))) {
    const target = join(to, rel);
    await Deno.mkdir(join(target, ".."), { recursive: true });
    await Deno.copyFile(join(from, rel), target);
  }
}

async function readOptional(path: string): Promise<string | null> {
  try {
    return await Deno.readTextFile(path);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return null;
    throw error;
  }
}

const cases = [...Deno.readDirSync(corpus)].filter((e) => e.isDirectory).map((e) => e.name).sort();

Deno.test("the apply_patch conformance corpus has at least 30 cases", () => {
  assert(cases.length >= 30, `only ${cases.length} cases`);
});

for (const name of cases) {
  Deno.test(`apply_patch conformance: ${name}`, async () => {
    const dir = join(corpus, name);
    const work = await Deno.realPath(await Deno.makeTempDir({ prefix: "tern-apply-patch-" }));
    try {
      await copyTree(join(dir, "input"), work);
      const patch = await Deno.readTextFile(join(dir, "patch.txt"));
      const fake = fakeContext({
        cwd: work,
        approvalPolicy: "never",
        sandbox: { mode: "danger-full-access", writableRoots: ["/"], networkAccess: true },
      });
      const result = await createApplyPatchTool().execute(patch, fake.ctx);
      const output = result.output as string;
      const expectedError = await readOptional(join(dir, "expected_error.txt"));
      if (expectedError !== null) {
        assertEquals(result.success, false, `expected a failure, got: ${output}`);
        assertStringIncludes(output, expectedError.replace(/\n$/, ""));
        assertEquals(await tree(work), await tree(join(dir, "input")), "a failing patch must change nothing");
      } else {
        assertEquals(result.success, true, output);
        assert(output.startsWith("Success. Updated the following files:\n"), output);
        assertEquals(await tree(work), await tree(join(dir, "expected")));
      }
      const expectedOutput = await readOptional(join(dir, "expected_output.txt"));
      if (expectedOutput !== null) assertEquals(output, expectedOutput);
    } finally {
      await Deno.remove(work, { recursive: true });
    }
  });
}
