/**
 * @module
 * The `view_image` tool: reads a local image (`path`, relative to the thread's cwd), checks its
 * type by its first bytes and its size against a cap, and returns it to the model as a data URL
 * in the tool output (a text part naming the file, then the image part). Clients see an
 * `imageView` item, emitted only for an image actually sent. Every failure (no such file, a
 * directory, not an image, too big) is a failed result the model reads; the tool never throws.
 */
import { z } from "zod";
import { defineTool, type FunctionTool, resolve, type ToolResult } from "../../kernel/mod.ts";
import { sniffImageType, SUPPORTED_IMAGE_NAMES } from "./image_type.ts";

/** The largest image sent to the model by default: 20 MiB. */
export const DEFAULT_MAX_IMAGE_BYTES = 20 * 1024 * 1024;

/** What the tool needs from the file system; tests and sandboxes may swap it. */
export interface ImageFileOperations {
  stat(path: string): Promise<{ isFile: boolean; size: number }>;
  readFile(path: string): Promise<Uint8Array>;
}

/** The default operations, on the real file system. */
export const denoImageFileOperations: ImageFileOperations = {
  stat: (path) => Deno.stat(path),
  readFile: (path) => Deno.readFile(path),
};

/** Options of `createViewImageTool`; all optional. */
export interface ViewImageToolOptions {
  /** The largest file sent, in bytes. @default DEFAULT_MAX_IMAGE_BYTES (20 MiB) */
  maxBytes?: number;
  /** @default denoImageFileOperations */
  operations?: ImageFileOperations;
}

/** The tool's parameters. */
export const ViewImageParameters = z.object({
  path: z.string().min(1).describe(
    "Path of a local image file (PNG, JPEG, GIF or WebP); a relative path is taken from the working directory.",
  ),
});

const DESCRIPTION = "View a local image file: it is attached to this tool's output so you can see it. " +
  "Use it when you are given the path of an image, or need to look at one you produced (a screenshot, a chart).";

/** Creates the `view_image` tool. */
export function createViewImageTool(options: ViewImageToolOptions = {}): FunctionTool<typeof ViewImageParameters> {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_IMAGE_BYTES;
  const ops = options.operations ?? denoImageFileOperations;
  return defineTool({
    name: "view_image",
    reportsItself: true,
    description: DESCRIPTION,
    parameters: ViewImageParameters,
    async execute({ path }, ctx): Promise<ToolResult> {
      const absPath = resolve(ctx.cwd, path);
      const fail = (why: string): ToolResult => ({ output: `Cannot view image "${path}": ${why}`, success: false });
      let bytes: Uint8Array;
      try {
        const info = await ops.stat(absPath);
        if (!info.isFile) return fail(`${absPath} is not a file`);
        if (info.size > maxBytes) return fail(tooBig(info.size, maxBytes));
        bytes = await ops.readFile(absPath);
      } catch (error) {
        return fail(readError(error, absPath));
      }
      if (bytes.length > maxBytes) return fail(tooBig(bytes.length, maxBytes));
      const type = sniffImageType(bytes);
      if (!type) return fail(`it is not a ${SUPPORTED_IMAGE_NAMES} image (judged by its first bytes)`);
      const item = { type: "imageView" as const, id: ctx.callId, path: absPath };
      ctx.startItem(item);
      ctx.completeItem(item);
      return {
        output: [
          { type: "input_text", text: `Image ${absPath} (${type.name}, ${formatBytes(bytes.length)})` },
          { type: "input_image", image_url: `data:${type.mime};base64,${bytes.toBase64()}` },
        ],
      };
    },
  });
}

function readError(error: unknown, absPath: string): string {
  if (error instanceof Deno.errors.NotFound) return `no file at ${absPath}`;
  if (error instanceof Deno.errors.PermissionDenied) return `permission to read ${absPath} was denied`;
  if (error instanceof Deno.errors.IsADirectory) return `${absPath} is not a file`;
  return `reading ${absPath} failed: ${error instanceof Error ? error.message : String(error)}`;
}

function tooBig(size: number, maxBytes: number): string {
  return `it is ${formatBytes(size)}, over the ${formatBytes(maxBytes)} limit for images`;
}

/** `68 bytes`, `12.5 KiB`, `20 MiB`. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  const [value, unit] = bytes < 1024 * 1024 ? [bytes / 1024, "KiB"] : [bytes / (1024 * 1024), "MiB"];
  return `${Number.isInteger(value) ? value : value.toFixed(1)} ${unit}`;
}
