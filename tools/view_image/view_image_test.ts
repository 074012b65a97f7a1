import { assert, assertEquals, assertStringIncludes } from "@std/assert";
import { join } from "node:path";
import { type ImageViewItem, ToolRegistry } from "../../kernel/mod.ts";
import { fakeContext } from "./_fake_context.ts";
import { createViewImageTool, formatBytes, type ViewImageToolOptions } from "./view_image.ts";

/** A real 1x1 PNG (one opaque red pixel, valid CRCs), written out as hex, and its base64. */
const PNG_1X1 = Uint8Array.fromHex(
  "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4" +
    "890000000d4944415478da63f8cfc0f01f00050001ff56c72f0d000000004945" +
    "4e44ae426082",
);
const PNG_1X1_BASE64 =
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP4z8DwHwAFAAH/VscvDQAAAABJRU5ErkJggg==";

/** A temporary workspace holding `files`, removed after `fn`. */
async function withWorkspace(files: Record<string, Uint8Array | string>, fn: (cwd: string) => Promise<void>) {
  const cwd = await Deno.makeTempDir({ prefix: "tern-view-image-" });
  try {
    for (const [name, data] of Object.entries(files)) {
      await Deno.mkdir(join(cwd, name, ".."), { recursive: true });
      if (typeof data === "string") await Deno.writeTextFile(join(cwd, name), data);
      else await Deno.writeFile(join(cwd, name), data);
    }
    await fn(cwd);
  } finally {
    await Deno.remove(cwd, { recursive: true });
  }
}

/** Calls view_image the way the turn loop does: JSON arguments through the registry. */
async function viewImage(cwd: string, args: unknown, options: ViewImageToolOptions = {}) {
  const registry = new ToolRegistry();
  registry.register(createViewImageTool(options), "view-image");
  const fake = fakeContext({ cwd, callId: "call_img", toolName: "view_image" });
  const { result } = await registry.dispatch(
    { callId: "call_img", name: "view_image", input: JSON.stringify(args), kind: "function" },
    fake.ctx,
  );
  return { result, events: fake.events };
}

Deno.test("view_image sends a PNG to the model as a data URL after a line naming it", async () => {
  await withWorkspace({ "shots/pixel.png": PNG_1X1 }, async (cwd) => {
    const { result } = await viewImage(cwd, { path: "shots/pixel.png" });
    assert(result.success !== false);
    assertEquals(result.output, [
      { type: "input_text", text: `Image ${join(cwd, "shots/pixel.png")} (PNG, 70 bytes)` },
      { type: "input_image", image_url: `data:image/png;base64,${PNG_1X1_BASE64}` },
    ]);
  });
});

Deno.test("view_image shows clients an imageView item with the absolute path", async () => {
  await withWorkspace({ "pixel.png": PNG_1X1 }, async (cwd) => {
    const { events } = await viewImage(cwd, { path: "./pixel.png" });
    const item: ImageViewItem = { type: "imageView", id: "call_img", path: join(cwd, "pixel.png") };
    assertEquals(events, [{ kind: "started", item }, { kind: "completed", item }]);
  });
});

Deno.test("view_image accepts an absolute path outside the working directory", async () => {
  await withWorkspace({ "pixel.png": PNG_1X1 }, async (dir) => {
    const { result } = await viewImage(Deno.cwd(), { path: join(dir, "pixel.png") });
    assert(result.success !== false);
  });
});

Deno.test("view_image goes by the file's bytes, not its name: a JPEG named .png is sent as image/jpeg", async () => {
  const jpeg = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01]);
  await withWorkspace({ "photo.png": jpeg }, async (cwd) => {
    const { result } = await viewImage(cwd, { path: "photo.png" });
    const parts = result.output as { type: string; text?: string; image_url?: string }[];
    assertStringIncludes(parts[0].text ?? "", "(JPEG, 12 bytes)");
    assert(parts[1].image_url?.startsWith("data:image/jpeg;base64,/9j/4AAQ"));
  });
});

Deno.test("view_image refuses a text file named .png and shows no item", async () => {
  await withWorkspace({ "notes.png": "just some notes\n" }, async (cwd) => {
    const { result, events } = await viewImage(cwd, { path: "notes.png" });
    assertEquals(result, {
      output: 'Cannot view image "notes.png": it is not a PNG, JPEG, GIF or WebP image (judged by its first bytes)',
      success: false,
    });
    assertEquals(events, []);
  });
});

Deno.test("view_image reports a missing file with the path it looked at", async () => {
  await withWorkspace({}, async (cwd) => {
    const { result, events } = await viewImage(cwd, { path: "missing.png" });
    assertEquals(result, {
      output: `Cannot view image "missing.png": no file at ${join(cwd, "missing.png")}`,
      success: false,
    });
    assertEquals(events, []);
  });
});

Deno.test("view_image refuses a directory", async () => {
  await withWorkspace({ "shots/pixel.png": PNG_1X1 }, async (cwd) => {
    const { result } = await viewImage(cwd, { path: "shots" });
    assertEquals(result.success, false);
    assertStringIncludes(result.output as string, `${join(cwd, "shots")} is not a file`);
  });
});

Deno.test("view_image refuses a file over the size cap without reading it", async () => {
  await withWorkspace({ "huge.png": PNG_1X1 }, async (cwd) => {
    // A sparse 21 MiB file that starts like a PNG: over the default 20 MiB cap.
    await Deno.truncate(join(cwd, "huge.png"), 21 * 1024 * 1024);
    const { result, events } = await viewImage(cwd, { path: "huge.png" });
    assertEquals(result, {
      output: 'Cannot view image "huge.png": it is 21 MiB, over the 20 MiB limit for images',
      success: false,
    });
    assertEquals(events, []);
  });
});

Deno.test("view_image applies a smaller configured cap", async () => {
  await withWorkspace({ "pixel.png": PNG_1X1 }, async (cwd) => {
    const { result } = await viewImage(cwd, { path: "pixel.png" }, { maxBytes: 64 });
    assertEquals(result.success, false);
    assertStringIncludes(result.output as string, "it is 70 bytes, over the 64 bytes limit for images");
  });
});

Deno.test("view_image rejects an empty path with an error the model reads", async () => {
  const { result } = await viewImage(Deno.cwd(), { path: "" });
  assertEquals(result.success, false);
  assertStringIncludes(result.output as string, 'invalid arguments for "view_image": path');
});

Deno.test("formatBytes() writes sizes as people read them", () => {
  assertEquals(formatBytes(70), "70 bytes");
  assertEquals(formatBytes(1536), "1.5 KiB");
  assertEquals(formatBytes(20 * 1024 * 1024), "20 MiB");
});
