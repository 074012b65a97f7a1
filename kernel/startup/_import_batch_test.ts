import { assert, assertEquals, assertStringIncludes } from "@std/assert";
import { join, toFileUrl } from "@std/path";
import { ImportBatch, KEEP_BARRELS } from "./_import_batch.ts";

async function moduleFile(dir: string, name: string, source: string): Promise<string> {
  const path = join(dir, name);
  await Deno.writeTextFile(path, source);
  return toFileUrl(path).href;
}

Deno.test("ImportBatch imports every added entry through one barrel file in the cache folder", async () => {
  const dir = await Deno.makeTempDir();
  const cache = join(dir, "cache");
  const a = await moduleFile(dir, "a.ts", "export default { name: 'a' };");
  const b = await moduleFile(dir, "b.ts", "export default { name: 'b' };");
  const batch = new ImportBatch(3, cache);
  const first = batch.add(a);
  batch.skip(); // a deferred plugin: nothing to import now
  const second = batch.add(b);
  const [ma, mb] = await Promise.all([first, second]);
  assertEquals([(ma.default as { name: string }).name, (mb.default as { name: string }).name], ["a", "b"]);
  const barrels = [...Deno.readDirSync(cache)].map((e) => e.name);
  assertEquals(barrels.length, 1);
  const barrel = await Deno.readTextFile(join(cache, barrels[0]));
  assertEquals(barrel.includes(a) && barrel.includes(b), true);
  await Deno.remove(dir, { recursive: true });
});

Deno.test("ImportBatch pins a broken entry's import error on that entry; the others still load", async () => {
  const dir = await Deno.makeTempDir();
  const good = await moduleFile(dir, "good.ts", "export default 'good';");
  const broken = await moduleFile(dir, "broken.ts", "import './missing.ts'; export default 'broken';");
  const batch = new ImportBatch(2, join(dir, "cache"));
  const [goodModule, brokenModule] = await Promise.allSettled([batch.add(good), batch.add(broken)]);
  assertEquals(goodModule.status === "fulfilled" && goodModule.value.default, "good");
  assert(brokenModule.status === "rejected");
  assertStringIncludes(String(brokenModule.reason), "missing.ts");
  await Deno.remove(dir, { recursive: true });
});

Deno.test("ImportBatch without a cache folder imports each entry on its own and writes nothing", async () => {
  const dir = await Deno.makeTempDir();
  const a = await moduleFile(dir, "a.ts", "export default 1;");
  const b = await moduleFile(dir, "b.ts", "export default 2;");
  const batch = new ImportBatch(2, null);
  const values = await Promise.all([batch.add(a), batch.add(b)]);
  assertEquals(values.map((m) => m.default), [1, 2]);
  assertEquals([...Deno.readDirSync(dir)].length, 2);
  await Deno.remove(dir, { recursive: true });
});

Deno.test("writing a new barrel keeps only the most recently written ones; other files in the cache stay", async () => {
  const dir = await Deno.makeTempDir();
  const cache = join(dir, "cache");
  await Deno.mkdir(cache);
  for (let i = 0; i < KEEP_BARRELS + 3; i++) {
    const path = join(cache, `plugins-${i.toString(16).padStart(16, "0")}.js`);
    await Deno.writeTextFile(path, "");
    await Deno.utime(path, 1_000 + i, 1_000 + i); // older the lower i
  }
  await Deno.writeTextFile(join(cache, "other.json"), "{}");
  const a = await moduleFile(dir, "a.ts", "export default 1;");
  const b = await moduleFile(dir, "b.ts", "export default 2;");
  const batch = new ImportBatch(2, cache);
  await Promise.all([batch.add(a), batch.add(b)]);
  const names = [...Deno.readDirSync(cache)].map((e) => e.name).sort();
  assertEquals(names.filter((n) => n.startsWith("plugins-")).length, KEEP_BARRELS);
  assert(names.includes("other.json"));
  for (const gone of [0, 1, 2, 3]) assert(!names.includes(`plugins-${gone.toString(16).padStart(16, "0")}.js`));
  assert(names.includes(`plugins-${(KEEP_BARRELS + 2).toString(16).padStart(16, "0")}.js`), "the newest old one stays");
  await Deno.remove(dir, { recursive: true });
});
