/**
 * The documentation's relative links lead somewhere: every `[text](path)` in README.md, docs/ and
 * examples/ (outside code blocks) names a file or folder that exists, and the pages link the
 * examples a reader is meant to find (docs/hooks.md → examples/hooks/block_dangerous.sh).
 */
import { assert, assertEquals } from "@std/assert";
import { dirname, fromFileUrl, join, normalize, relative } from "@std/path";

const ROOT = fromFileUrl(new URL("..", import.meta.url));

/** Markdown files of the repository's documentation, relative to its root. */
async function pages(): Promise<string[]> {
  const found = ["README.md"];
  const walk = async (dir: string) => {
    for await (const entry of Deno.readDir(join(ROOT, dir))) {
      const path = join(dir, entry.name);
      if (entry.isDirectory && entry.name !== "node_modules") await walk(path);
      else if (entry.name.endsWith(".md")) found.push(path);
    }
  };
  await walk("docs");
  await walk("examples");
  return found;
}

/** The relative link targets of a page, resolved against the repository root (anchors dropped). */
function relativeLinks(page: string, text: string): string[] {
  const prose = text.replace(/^```[\s\S]*?^```/gm, "");
  return [...prose.matchAll(/\]\(([^)\s]+)\)/g)]
    .map((m) => m[1])
    .filter((target) => !/^[a-z]+:/i.test(target) && !target.startsWith("#"))
    .map((target) => normalize(join(dirname(page), target.split("#")[0])));
}

Deno.test("every relative link in README.md, docs/ and examples/ names a file that exists", async () => {
  const broken: string[] = [];
  for (const page of await pages()) {
    for (const target of relativeLinks(page, await Deno.readTextFile(join(ROOT, page)))) {
      const exists = await Deno.stat(join(ROOT, target)).then(() => true, () => false);
      if (!exists) broken.push(`${page} → ${relative(ROOT, join(ROOT, target))}`);
    }
  }
  assertEquals(broken, []);
});

Deno.test("docs/hooks.md links the example hooks, block_dangerous.sh among them", async () => {
  const links = relativeLinks("docs/hooks.md", await Deno.readTextFile(join(ROOT, "docs/hooks.md")));
  assert(links.includes("examples/hooks/block_dangerous.sh"), `docs/hooks.md links: ${links.join(", ")}`);
  assert(links.includes("examples/hooks/README.md"), `docs/hooks.md links: ${links.join(", ")}`);
});
