/**
 * @module
 * Times a program in a pseudo-terminal (util-linux `script`) for the start-up benches: from
 * spawning it to each text it shows.
 */

/**
 * Spawns `command` in a 100x30 pseudo-terminal; ms until each of `markers` shows (NaN for one that
 * had not shown when the last did). Ctrl-D and Ctrl-C twice then end it.
 */
export async function msToMarkers(
  command: string,
  markers: string[],
  env?: Record<string, string>,
  cwd?: string,
): Promise<number[]> {
  const start = performance.now();
  const child = new Deno.Command("script", {
    args: ["-q", "-e", "-c", `stty cols 100 rows 30; exec ${command}`, "/dev/null"],
    stdin: "piped",
    stdout: "piped",
    stderr: "null",
    cwd,
    env: { TERM: "xterm-256color", ...env },
  }).spawn();
  const writer = child.stdin.getWriter();
  const decoder = new TextDecoder();
  let seen = "";
  const at: number[] = markers.map(() => NaN);
  let ended = false;
  const killer = setTimeout(() => child.kill("SIGKILL"), 30_000);
  for await (const chunk of child.stdout) {
    seen += decoder.decode(chunk, { stream: true });
    // deno-lint-ignore no-control-regex
    const text = seen.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, "");
    markers.forEach((marker, i) => {
      if (Number.isNaN(at[i]) && text.includes(marker)) at[i] = performance.now() - start;
    });
    if (!ended && !Number.isNaN(at[at.length - 1])) {
      ended = true;
      await writer.write(new Uint8Array([4, 3, 3])).catch(() => {});
      setTimeout(() => {
        try {
          child.kill("SIGKILL");
        } catch { /* gone */ }
      }, 1500);
    }
  }
  clearTimeout(killer);
  await child.status;
  await writer.close().catch(() => {});
  if (!ended) throw new Error(`${command} never showed ${markers[markers.length - 1]}:\n${seen.slice(-2000)}`);
  return at;
}
