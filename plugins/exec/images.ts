/**
 * @module
 * `tern exec --image FILE`: reads a local image and turns it into an `image` input (a data URL),
 * since the model API cannot read the user's disk. The type comes from the file's first bytes.
 */
import { resolve } from "../../kernel/mod.ts";
import type { UserInput } from "../../kernel/mod.ts";

const MAX_BYTES = 20 * 1024 * 1024;

/** Reads `path` (relative to `cwd`) as an image input. Throws with a clear message on failure. */
export async function imageInput(path: string, cwd: string): Promise<UserInput> {
  const file = resolve(cwd, path);
  let bytes: Uint8Array;
  try {
    bytes = await Deno.readFile(file);
  } catch (error) {
    throw new Error(`Cannot attach image "${path}": ${(error as Error).message}`);
  }
  if (bytes.length > MAX_BYTES) throw new Error(`Cannot attach image "${path}": ${bytes.length} bytes is over 20 MiB`);
  const mime = sniff(bytes);
  if (!mime) throw new Error(`Cannot attach image "${path}": not a PNG, JPEG, GIF or WebP file`);
  return { type: "image", url: `data:${mime};base64,${base64(bytes)}` };
}

function sniff(b: Uint8Array): string | null {
  if (b[0] === 0x89 && b[1] === 0x50 && b[2] === 0x4e && b[3] === 0x47) return "image/png";
  if (b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return "image/jpeg";
  if (b[0] === 0x47 && b[1] === 0x49 && b[2] === 0x46) return "image/gif";
  if (b[0] === 0x52 && b[1] === 0x49 && b[2] === 0x46 && b[3] === 0x46 && b[8] === 0x57 && b[9] === 0x45) {
    return "image/webp";
  }
  return null;
}

function base64(bytes: Uint8Array): string {
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}
