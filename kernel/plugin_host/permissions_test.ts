import { assertEquals } from "@std/assert";
import { explainDenied, workerOptionsEnabled, workerPermissions } from "./permissions.ts";

Deno.test("workerPermissions() grants exactly the manifest's lists, paths resolved against the plugin folder", () => {
  const places = { dir: "/plugins/jira", workspace: "/work/app", ternHome: "/home/me/.tern" };
  assertEquals(
    workerPermissions({
      read: [".", "${workspace}/docs", "/etc/hosts"],
      write: ["./cache"],
      net: ["jira.acme.com"],
      env: ["JIRA_TOKEN"],
      run: ["git", "./bin/helper"],
    }, places),
    {
      read: ["/plugins/jira", "/work/app/docs", "/etc/hosts"],
      write: ["/plugins/jira/cache"],
      net: ["jira.acme.com"],
      env: ["JIRA_TOKEN"],
      run: ["git", "/plugins/jira/bin/helper"],
      ffi: false,
      sys: false,
      import: false,
    },
  );
  assertEquals(workerPermissions(undefined, places), {
    read: false,
    write: false,
    net: false,
    env: false,
    run: false,
    ffi: false,
    sys: false,
    import: false,
  });
  assertEquals(workerPermissions({ read: [] }, places).read, false, "an empty list grants nothing");
  assertEquals(
    workerPermissions({ read: ["./templates"] }, { ...places, code: ["/plugins/jira", "/shared/entry"] }).read,
    ["/plugins/jira", "/shared/entry", "/plugins/jira/templates"],
    "the folders its code loads from are readable",
  );
});

Deno.test("explainDenied() replaces Deno's --allow-* advice with the manifest key that grants it", () => {
  assertEquals(
    explainDenied('Requires read access to "/etc/passwd", run again with the --allow-read flag', "/p/plugin.jsonc"),
    'Requires read access to "/etc/passwd": the plugin lacks "read" permission for it; ' +
      'grant it in "permissions": { "read": [...] } of /p/plugin.jsonc',
  );
  assertEquals(
    explainDenied('Requires import access to "example.com:443", run again with the --allow-import flag', "/p/x"),
    'Requires import access to "example.com:443": a worker plugin cannot be granted "import" permission',
  );
  assertEquals(explainDenied("boom", "/p/x"), "boom");
});

Deno.test("workerOptionsEnabled() is true only when Deno runs with --unstable-worker-options or a config enabling it", async () => {
  assertEquals(await workerOptionsEnabled(), true, "this test runs with the repository's deno.json");
  const module = new URL("./permissions.ts", import.meta.url).href;
  const probe = async (flags: string[]) => {
    const script = `const { workerOptionsEnabled } = await import(${JSON.stringify(module)}); ` +
      "console.log(await workerOptionsEnabled());";
    const { stdout } = await new Deno.Command(Deno.execPath(), {
      args: ["eval", "--no-config", ...flags, script],
      cwd: "/",
    }).output();
    return new TextDecoder().decode(stdout).trim();
  };
  assertEquals(await probe([]), "false");
  assertEquals(await probe(["--unstable-worker-options"]), "true");
});
