/**
 * @module
 * Child of `bench/tui_libraries.ts`: the floor, Deno writing one line with no library.
 */
Deno.stdin.setRaw(true);
await Deno.stdout.write(new TextEncoder().encode("READY-FRAME baseline\r\n"));
Deno.stdin.setRaw(false);
