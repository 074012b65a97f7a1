/**
 * @module
 * Times a program in a pseudo-terminal (util-linux `script`) for the start-up benches: from
 * spawning it to each text it shows.
 */

/**
 * Spawns `command` in a 100x30 pseudo-terminal; ms until each of `markers` shows (in order). Ctrl-D and
 * Ctrl-C twice then end it.
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
  const at: number[] = [];
  const killer = setTimeout(() => child.kill("SIGKILL"), 30_000);
  for await (const chunk of child.stdout) {
    seen += decoder.decode(chunk, { stream: true });
    // deno-lint-ignore no-control-regex
    const text = seen.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, "");
    while (at.length < markers.length && text.includes(markers[at.length])) at.push(performance.now() - start);
    if (at.length === markers.length) {
      await writer.write(new Uint8Array([4, 3, 3])).catch(() => {});
      setTimeout(() => {
        try {
          child.kill("SIGKILL");
        } catch { /* gone */ }
      }, 1500);
      at.push(NaN); // ended once
    }
  }
  clearTimeout(killer);
  await child.status;
  await writer.close().catch(() => {});
  if (at.length < markers.length) {
    throw new Error(`${command} never showed ${markers[at.length]}:\n${seen.slice(-2000)}`);
  }
  return at.slice(0, markers.length);
}
