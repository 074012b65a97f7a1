/**
 * @module
 * The `project-docs` plugin: adds AGENTS.md instructions to every prompt as one user-role message,
 * the way Codex does (global `$TERN_HOME` doc, then project docs from the repository root down to
 * cwd). Config section `project-docs`: `{ maxBytes?: number, fallbackFilenames?: string[] }`.
 * Discovery and rendering live in `agents_md.ts`.
 */
import { z } from "zod";
import { definePlugin } from "../../kernel/mod.ts";
import { createAgentsMdContributor, DEFAULT_MAX_BYTES } from "./agents_md.ts";

export { createAgentsMdContributor, loadAgentsMd, renderAgentsMd } from "./agents_md.ts";

/** The `project-docs` config section. */
export const ProjectDocsConfig = z.object({
  /** Byte budget of the project docs (Codex's `project_doc_max_bytes`); 0 turns them off. @default 32768 */
  maxBytes: z.number().int().min(0).default(DEFAULT_MAX_BYTES),
  /** Extra file names tried in each directory after `AGENTS.override.md` and `AGENTS.md`. @default [] */
  fallbackFilenames: z.array(z.string().min(1)).default([]),
}).strict().prefault({});
export type ProjectDocsConfig = z.infer<typeof ProjectDocsConfig>;

export default definePlugin({
  name: "project-docs",
  config: ProjectDocsConfig,
  setup(api, config) {
    api.context.register(createAgentsMdContributor({
      ternHome: api.ternHome,
      maxBytes: config.maxBytes,
      fallbackFilenames: config.fallbackFilenames,
      warn: (message) => api.warn(message),
    }));
  },
});
