/**
 * `deno task install` gives a `tern` command that works from any directory, on a machine where
 * `deno` is not on PATH (only Node and npm, Deno run through `npx -y deno@2.9.6`): it is installed
 * into a temporary `DENO_INSTALL_ROOT`, then run from a project outside Tern's checkout with a PATH
 * that holds no `deno` and no `$DENO`.
 */
import { assertEquals, assertMatch, assertStringIncludes } from "@std/assert";
import { fromFileUrl, join } from "@std/path";
import { makeSandbox, type Sandbox, scriptedModel } from "./support/tern_process.ts";

const checkout = fromFileUrl(new URL("..", import.meta.url));

/** PATH without any directory that holds a `deno`. */
function pathWithoutDeno(): string {
  const holdsDeno = (dir: string) => {
    try {
      return Deno.statSync(join(dir, "deno")).isFile;
    } catch {
      return false;
    }
  };
  return (Deno.env.get("PATH") ?? "/usr/bin:/bin").split(":").filter((dir) => !holdsDeno(dir)).join(":");
}

/** The scripted turn both ways of running Tern take: the answer names the prompt. */
const TURN = [...scriptedModel([[{ say: "hello from {{input}}" }]]), "exec", "the project"];

/** Runs `command ARGS` in `cwd` with exactly `env`; its exit code and output. */
async function run(command: string, args: string[], cwd: string, env: Record<string, string>) {
  const out = await new Deno.Command(command, { args, cwd, env, clearEnv: true, stdin: "null" }).output();
  const decode = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
  return { code: out.code, stdout: decode(out.stdout), stderr: decode(out.stderr) };
}

/** Asserts `TURN` ran to its answer with `workspace` as the workspace. */
function assertTurnRanIn(result: { code: number; stdout: string; stderr: string }, workspace: string): void {
  assertEquals(result.code, 0, result.stderr);
  assertEquals(result.stdout, "hello from the project\n");
  assertMatch(result.stderr, new RegExp(`^workdir +${workspace}$`, "m"), "the workspace is the directory it ran in");
}

Deno.test("deno task install puts a tern in $DENO_INSTALL_ROOT/bin that runs a turn in another project with no deno on PATH", async () => {
  const sandbox = await makeSandbox();
  try {
    const root = join(sandbox.root, "install-root");
    const installEnv = { PATH: Deno.env.get("PATH") ?? "", HOME: sandbox.root, DENO_INSTALL_ROOT: root };
    const install = await run(Deno.execPath(), ["task", "install"], checkout, { ...installEnv, ...denoDir(sandbox) });
    assertEquals(install.code, 0, install.stderr);
    const tern = join(root, "bin", "tern");
    assertStringIncludes(install.stdout, `Installed ${tern}`);
    assertStringIncludes(install.stdout, `export PATH="${join(root, "bin")}:$PATH"`);

    const env: Record<string, string> = { ...sandbox.env, PATH: pathWithoutDeno() };
    delete env.DENO;
    assertTurnRanIn(await run(tern, TURN, sandbox.workspace, env), sandbox.workspace);
  } finally {
    await sandbox.cleanup();
  }
});

Deno.test("deno task --config TERN/deno.json tern runs Tern in the directory it was called from", async () => {
  const sandbox = await makeSandbox();
  try {
    const args = ["task", "--config", join(checkout, "deno.json"), "tern", ...TURN];
    assertTurnRanIn(await run(Deno.execPath(), args, sandbox.workspace, sandbox.env), sandbox.workspace);
  } finally {
    await sandbox.cleanup();
  }
});

/** The sandbox's DENO_DIR, if it set one (a fresh cache would fetch npm metadata). */
function denoDir(sandbox: Sandbox): Record<string, string> {
  return sandbox.env.DENO_DIR ? { DENO_DIR: sandbox.env.DENO_DIR } : {};
}
