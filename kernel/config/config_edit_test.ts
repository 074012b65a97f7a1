import { assertEquals, assertRejects, assertStringIncludes } from "@std/assert";
import { join } from "@std/path";
import { ConfigError } from "../base/errors.ts";
import { editConfigFile } from "./config_edit.ts";
import { loadConfig } from "./config.ts";

Deno.test("editConfigFile() appends to a list and sets a key, keeping comments and indentation", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const file = join(dir, "config.jsonc");
    await Deno.writeTextFile(
      file,
      `{\n    // my model\n    "model": "o3", /* keep */\n    "extraPlugins": [\n        "./a" // first\n    ]\n}\n`,
    );
    const value = await editConfigFile(file, [
      { keyPath: ["extraPlugins"], append: "./b" },
      { keyPath: ["approvalPolicy"], value: "never" },
    ]);
    assertEquals(value, { model: "o3", extraPlugins: ["./a", "./b"], approvalPolicy: "never" });
    const text = await Deno.readTextFile(file);
    assertStringIncludes(text, "// my model");
    assertStringIncludes(text, "/* keep */");
    assertStringIncludes(text, '"./a", // first\n        "./b"\n    ]');
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("editConfigFile() adds a new key after a last member with a trailing comma and comment, leaving both", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const file = join(dir, "config.jsonc");
    await Deno.writeTextFile(file, '{\n  "model": "o3", // keep this\n  /* more later */\n}\n');
    await editConfigFile(file, [{ keyPath: ["extraPlugins"], append: "/p" }]);
    assertEquals(
      await Deno.readTextFile(file),
      '{\n  "model": "o3", // keep this\n  "extraPlugins": [\n    "/p"\n  ]\n  /* more later */\n}\n',
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("editConfigFile() creates a missing file and folder, and refuses a file that does not parse", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const file = join(dir, ".tern", "config.jsonc");
    await editConfigFile(file, [{ keyPath: ["extraPlugins"], append: "/p" }]);
    assertEquals(JSON.parse(await Deno.readTextFile(file)), { extraPlugins: ["/p"] });
    await Deno.writeTextFile(file, '{\n  "model": "x",,\n}');
    const error = await assertRejects(() => editConfigFile(file, [{ keyPath: ["a"], value: 1 }]), ConfigError);
    assertStringIncludes(error.message, `${file}:2:`);
    await Deno.writeTextFile(file, '{ "extraPlugins": "oops" }');
    await assertRejects(
      () => editConfigFile(file, [{ keyPath: ["extraPlugins"], append: "x" }]),
      ConfigError,
      "not a list",
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("loadConfig({ keepGoing }) leaves out broken layers and reports each with file and line", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const home = join(dir, "home");
    await Deno.mkdir(home);
    await Deno.writeTextFile(join(home, "config.jsonc"), '{\n  "model": "ok",\n  "approvalPolicy": "sometimes"\n}');
    await Deno.mkdir(join(dir, "proj", ".tern"), { recursive: true });
    await Deno.writeTextFile(join(dir, "proj", ".tern", "config.jsonc"), '{\n  "model": "p",,\n}');
    const options = { cwd: join(dir, "proj"), ternHome: home, overrides: ['sandbox_mode="read-only"'] };
    await assertRejects(() => loadConfig(options), ConfigError);
    const loaded = await loadConfig({ ...options, keepGoing: true });
    assertEquals(loaded.problems.map((p) => [p.location.file, p.location.line]), [
      [join(home, "config.jsonc"), 3],
      [join(dir, "proj", ".tern", "config.jsonc"), 2],
    ]);
    assertEquals([loaded.config.model, loaded.config.sandboxMode], ["gpt-5.1-codex", "read-only"]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
