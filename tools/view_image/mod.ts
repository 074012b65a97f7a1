/**
 * @module
 * The `view-image` plugin: registers `view_image`, which reads a local PNG, JPEG, GIF or WebP
 * file and hands it to the model as an image in the tool output, and shows clients an
 * `imageView` item. Config section `view-image`: `{ maxBytes }`, the largest file it sends.
 */
import { z } from "zod";
import { definePlugin } from "../../kernel/mod.ts";
import { createViewImageTool, DEFAULT_MAX_IMAGE_BYTES } from "./view_image.ts";

/** The `view-image` config section. */
export const ViewImageConfig = z.object({
  /** The largest image file sent to the model, in bytes. @default 20971520 (20 MiB) */
  maxBytes: z.number().int().positive().default(DEFAULT_MAX_IMAGE_BYTES),
}).strict().prefault({});
export type ViewImageConfig = z.infer<typeof ViewImageConfig>;

export default definePlugin({
  name: "view-image",
  config: ViewImageConfig,
  setup(api, config) {
    api.tools.register(createViewImageTool({ maxBytes: config.maxBytes }));
  },
});
