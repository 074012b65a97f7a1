import { assertEquals } from "@std/assert";
import { workerOptionsEnabled, workerPermissions } from "./permissions.ts";

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
