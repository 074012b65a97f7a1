/**
 * @module
 * The `store` plugin: registers `JsonlThreadStore`, which keeps every thread as an append-only
 * JSONL rollout under `$TERN_HOME/sessions/YYYY/MM/DD/` (the Codex layout) and reads rollouts
 * back for resume, `findLatest` and listing. The file format is in `jsonl_store.ts`.
 */
import { definePlugin } from "../../kernel/mod.ts";
import { JsonlThreadStore } from "./jsonl_store.ts";

export { JsonlThreadStore } from "./jsonl_store.ts";
export type { JsonlStoreOptions } from "./jsonl_store.ts";

export default definePlugin({
  name: "store",
  setup(api) {
    api.stores.register(
      new JsonlThreadStore({
        ternHome: api.ternHome,
        warn: (message) => api.warn(message),
        log: (message) => api.log(message),
      }),
    );
  },
});
