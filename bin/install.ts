/**
 * @module
 * `deno task install`: puts a `tern` command in `$DENO_INSTALL_ROOT/bin` (default `~/.deno/bin`,
 * where `deno install -g` puts commands) that runs this checkout's `bin/tern` from any directory.
 *
 * It is a small shell script rather than `deno install -g`, whose script calls `deno` from PATH:
 * on a machine with only Node and npm (`npx -y deno@2.9.6 task install`) there is no `deno` on
 * PATH, and the installed command failed. This one remembers the Deno that installed it and uses
 * it while it exists; otherwise `bin/tern` takes `$DENO`, else `deno` on PATH, else
 * `npx -y deno@2.9.6`. The checkout must stay where it is: the command runs it in place.
 */
import { dirname, fromFileUrl, join } from "@std/path";

const checkout = dirname(dirname(fromFileUrl(import.meta.url)));

/** The directory the command goes in: `$DENO_INSTALL_ROOT/bin`, else `$HOME/.deno/bin`. */
function binDir(): string {
  const root = Deno.env.get("DENO_INSTALL_ROOT");
  if (root) return join(root, "bin");
  const home = Deno.env.get("HOME");
  if (!home) throw new Error("Cannot install: set DENO_INSTALL_ROOT or HOME to say where the tern command goes");
  return join(home, ".deno", "bin");
}

/** `text` quoted for a POSIX shell. */
function shellQuote(text: string): string {
  return `'${text.replaceAll("'", `'\\''`)}'`;
}

/** The installed command: the launcher, with this Deno as its default while it exists. */
export function launcherScript(ternRoot: string, deno: string): string {
  const bin = shellQuote(join(ternRoot, "bin", "tern"));
  return `#!/bin/sh
# tern, installed by \`deno task install\` from ${ternRoot} (run it again after moving that folder).
# Uses the Deno that installed it while it is there; bin/tern otherwise takes $DENO, deno on PATH, or npx.
if [ -z "\${DENO:-}" ] && [ -x ${shellQuote(deno)} ]; then DENO=${shellQuote(deno)}; export DENO; fi
exec ${bin} "$@"
`;
}

if (import.meta.main) {
  if (Deno.build.os === "windows") {
    console.error(
      `Cannot install a tern command on Windows yet. Run Tern from any directory with:\n` +
        `  deno task --config ${join(checkout, "deno.json")} tern ...`,
    );
    Deno.exit(1);
  }
  const dir = binDir();
  const target = join(dir, "tern");
  await Deno.mkdir(dir, { recursive: true });
  await Deno.writeTextFile(target, launcherScript(checkout, Deno.execPath()), { mode: 0o755 });
  await Deno.chmod(target, 0o755);
  console.log(`Installed ${target} (runs ${join(checkout, "bin", "tern")})`);
  const onPath = (Deno.env.get("PATH") ?? "").split(":").includes(dir);
  if (!onPath) {
    console.log(`${dir} is not on your PATH. Add it (in ~/.profile, ~/.bashrc or ~/.zshrc):`);
    console.log(`  export PATH="${dir}:$PATH"`);
  }
  console.log('Then, in any project: tern exec "..." (or just tern, for the interactive session)');
}
