import { assertEquals } from "@std/assert";
import { formatPlace, locateMessage } from "./problem.ts";

Deno.test("locateMessage() finds the path with a line in a message, else the first path", () => {
  assertEquals(
    locateMessage('Cannot load plugin "/p/acme": /p/acme/plugin.jsonc:3 (key "name"): must be lowercase'),
    { file: "/p/acme/plugin.jsonc", line: 3 },
  );
  assertEquals(locateMessage('/home/me/.tern/config.jsonc:12:5 (key "model"): bad'), {
    file: "/home/me/.tern/config.jsonc",
    line: 12,
  });
  assertEquals(locateMessage("Ignored /src/app/.tern/hooks.json: the project is not trusted"), {
    file: "/src/app/.tern/hooks.json",
    line: null,
  });
  assertEquals(locateMessage("Something failed"), { file: null, line: null });
});

Deno.test("formatPlace() writes file:line, the file alone, or nothing", () => {
  assertEquals(formatPlace({ file: "/a.json", line: 4 }), "/a.json:4");
  assertEquals(formatPlace({ file: "/a.json", line: null }), "/a.json");
  assertEquals(formatPlace({ file: null, line: 3 }), "");
});
