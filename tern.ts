/**
 * @module
 * The `tern` launcher (`deno task tern`, `bin/tern`, `deno task install`). It runs the CLI
 * (`main.ts`) from the start-up bundle when that matches the sources exactly, which starts Tern
 * about 25 ms sooner with 4 MiB less memory; otherwise from the sources, after asking for a bundle
 * to be built in the background for the next run (`startup/`); a stale bundle is never run.
 * `TERN_NO_BUNDLE=1` always runs the sources.
 * Either way the CLI behaves the same. This module imports only `startup/bundle_state.ts`, so
 * nothing else loads before the choice is made.
 */
import { currentBundle, isFresh, markUsed, requestBuild } from "./startup/bundle_state.ts";
import type { PluginManifest } from "./kernel/mod.ts";
import { opensSession, parseGlobalFlags } from "./startup/global_flags.ts";
import { paintFirstFrame, releaseFirstFrame } from "./lib/first_frame/mod.ts";

/** What the bundle's entry module exports. */
interface BundleEntry {
  main: typeof import("./main.ts");
  plugins: Record<string, Record<string, unknown>>;
  manifests: Record<string, PluginManifest>;
}

// zod compiles a fast parser for each object schema the first time it parses with it. A run
// parses most of its schemas once (config, manifests, plugin sections), so compiling costs more
// than it saves: ~3 ms of start-up. This must be set before zod loads.
(globalThis as { __zod_globalConfig?: { jitless?: boolean } }).__zod_globalConfig ??= { jitless: true };

const ternRoot = new URL("./", import.meta.url);
const useBundle = !Deno.env.get("TERN_NO_BUNDLE");

/** The bundle's entry module when there is a bundle and it matches the sources, else null. */
async function loadBundle(): Promise<{ url: string; entry: BundleEntry } | null> {
  const candidate = useBundle ? currentBundle(ternRoot) : null;
  if (!candidate || !isFresh(ternRoot, candidate)) return null;
  markUsed(candidate);
  const entry = await (import(candidate.entryUrl) as Promise<BundleEntry>).catch(() => null);
  return entry && { url: candidate.entryUrl, entry };
}

// Bare `tern` (or `tern resume ...`) opens the interactive session: its composer is drawn now, editable,
// before anything loads, and the terminal library starts loading beside the runtime (it overlaps
// the runtime's file reads; docs/tui.md, start-up). Not under --debug, whose trace goes to the
// same terminal.
if (paintFirstFrame(opensSessionNow())) import("@mariozechner/pi-tui").catch(() => {});

const bundle = await loadBundle();
let code: number;
try {
  if (bundle) {
    const preloaded = new Map(Object.entries(bundle.entry.plugins));
    const preloadedManifests = new Map(Object.entries(bundle.entry.manifests));
    code = await bundle.entry.main.main(Deno.args, { preloaded, preloadedManifests, bundle: bundle.url });
  } else {
    if (useBundle) requestBuild(ternRoot);
    const { main } = await import(new URL("./main.ts", import.meta.url).href) as typeof import("./main.ts");
    code = await main(Deno.args);
  }
} finally {
  releaseFirstFrame();
}
Deno.exit(code);

/**
 * Whether to draw the session's first frame now: the arguments open the session and not under
 * `--debug`. `TERN_FIRST_FRAME=0` turns it off (docs/tui.md, start-up).
 */
function opensSessionNow(): boolean {
  if (Deno.env.get("TERN_FIRST_FRAME") === "0") return false;
  try {
    const flags = parseGlobalFlags(Deno.args);
    return !flags.debug && opensSession(flags.rest);
  } catch {
    return false;
  }
}
