import { assert, assertEquals } from "@std/assert";
import { ConfigError, ErrorCodes, PluginError, TernError } from "./errors.ts";
import { ModelError } from "../provider.ts";

Deno.test("instanceof recognises Tern errors made by another copy of the kernel modules", async () => {
  // A second copy, as a plugin importing the kernel from source gets while Tern runs from its bundle.
  const copy = await import(`./errors.ts?copy=${crypto.randomUUID()}`) as typeof import("./errors.ts");
  assert(copy.ConfigError !== ConfigError, "a real second copy");
  const foreign = new copy.ConfigError({ file: "x.jsonc", line: 3 }, "bad");
  assert(foreign instanceof ConfigError);
  assert(foreign instanceof TernError);
  assert(!(foreign instanceof PluginError));
  assertEquals(foreign.message, "x.jsonc:3: bad");
  const ours = new PluginError("p", "broken");
  assert(ours instanceof copy.PluginError && ours instanceof copy.TernError);
  assert(!(ours instanceof copy.ConfigError));
  assert(!(new Error("plain") instanceof TernError));
  assert(!({} instanceof TernError));
});

Deno.test("a subclass without its own kind keeps the ordinary instanceof", () => {
  class Special extends TernError {}
  assert(new Special(ErrorCodes.INVALID_ARGUMENT, "x") instanceof Special);
  assert(!(new TernError(ErrorCodes.INVALID_ARGUMENT, "x") instanceof Special), "not every TernError is Special");
  assert(new ModelError("m", { info: "other", attempts: 1 }) instanceof TernError);
});
