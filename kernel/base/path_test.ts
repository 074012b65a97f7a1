import { assertEquals, assertThrows } from "@std/assert";
import * as node from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import * as path from "./path.ts";

// `kernel/base/path.ts` promises node:path's POSIX behaviour: every case is checked against node:path itself.
const PATHS = [
  "",
  ".",
  "..",
  "/",
  "//",
  "///a",
  "//a",
  "a",
  "a/",
  "a//",
  "/a",
  "/a/",
  "/a/b",
  "/a/b/",
  "/a//b",
  "a/b/c",
  "./a",
  "./a/../b",
  "../a",
  "../../a/b",
  "a/../..",
  "a/..",
  "a/../",
  "/a/../..",
  "/../a",
  "a/./b/.",
  ".bashrc",
  "/home/.bashrc",
  "file.txt",
  "file.tar.gz",
  "/dir/file.",
  "a.b/c",
  "a.b/c.d/",
  "...",
  "/x/..",
  "/x/...",
  "name with spaces/and#hash?.md",
];

Deno.test("normalize, dirname, basename, extname and isAbsolute match node:path on every case", () => {
  for (const p of PATHS) {
    assertEquals(path.normalize(p), node.posix.normalize(p), `normalize(${JSON.stringify(p)})`);
    assertEquals(path.dirname(p), node.posix.dirname(p), `dirname(${JSON.stringify(p)})`);
    assertEquals(path.basename(p), node.posix.basename(p), `basename(${JSON.stringify(p)})`);
    assertEquals(path.extname(p), node.posix.extname(p), `extname(${JSON.stringify(p)})`);
    assertEquals(path.isAbsolute(p), node.posix.isAbsolute(p), `isAbsolute(${JSON.stringify(p)})`);
  }
});

Deno.test("basename strips a suffix as node:path does", () => {
  for (
    const [p, suffix] of [["/a/b.ts", ".ts"], ["b.ts", "b.ts"], ["/a/b.ts/", ".ts"], ["x", "y"], ["a.d.ts", ".d.ts"]]
  ) {
    assertEquals(path.basename(p, suffix), node.posix.basename(p, suffix), `basename(${p}, ${suffix})`);
  }
});

Deno.test("join, resolve and relative match node:path for pairs of cases", () => {
  for (const a of PATHS) {
    for (const b of PATHS) {
      assertEquals(path.join(a, b), node.posix.join(a, b), `join(${JSON.stringify(a)}, ${JSON.stringify(b)})`);
      assertEquals(path.resolve(a, b), node.posix.resolve(a, b), `resolve(${JSON.stringify(a)}, ${JSON.stringify(b)})`);
      assertEquals(
        path.relative(a, b),
        node.posix.relative(a, b),
        `relative(${JSON.stringify(a)}, ${JSON.stringify(b)})`,
      );
    }
  }
  assertEquals(path.join(), node.posix.join());
  assertEquals(path.resolve(), node.posix.resolve());
  assertEquals(path.join("a", "", "b"), node.posix.join("a", "", "b"));
  assertEquals(path.resolve("/x", "", "y"), node.posix.resolve("/x", "", "y"));
});

Deno.test("toFileUrl and fromFileUrl round-trip awkward paths as node:url does", () => {
  for (const p of ["/tmp/a b/c.ts", "/tmp/100%/x", "/tmp/#hash?q", "/tmp/ünï/😀.md", "/tmp/back\\slash", "/tmp/dir/"]) {
    assertEquals(path.toFileUrl(p).href, pathToFileURL(p).href, `toFileUrl(${JSON.stringify(p)})`);
    assertEquals(path.fromFileUrl(path.toFileUrl(p)), fileURLToPath(pathToFileURL(p)), `round trip of ${p}`);
  }
  assertEquals(path.toFileUrl("rel/x.ts").href, pathToFileURL("rel/x.ts").href);
});

Deno.test("fromFileUrl refuses URLs that do not name a local file, saying why", () => {
  assertThrows(() => path.fromFileUrl("https://example.com/a"), TypeError, "Expected a file: URL");
  assertThrows(() => path.fromFileUrl("file://server/share/a"), TypeError, 'host "server"');
  assertThrows(() => path.fromFileUrl("file:///a%2Fb"), TypeError, 'must not encode "/"');
});
