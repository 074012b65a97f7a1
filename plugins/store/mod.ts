/**
 * @module
 * The `store` plugin: registers `IndexedThreadStore`, which keeps every thread as an append-only
 * JSONL rollout under `$TERN_HOME/sessions/YYYY/MM/DD/` (the Codex layout, the source of truth)
 * and an SQLite index in `$TERN_HOME/state.sqlite` for listing, search, names, archiving and
 * queued turns. Contributes `tern index rebuild`, which rebuilds the thread rows from the
 * rollouts (queued turns are kept).
 */
import { definePlugin } from "../../kernel/mod.ts";
import { IndexedThreadStore } from "./indexed_store.ts";

export { JsonlThreadStore } from "./jsonl_store.ts";
export type { JsonlStoreOptions } from "./jsonl_store.ts";
export { IndexedThreadStore } from "./indexed_store.ts";

export default definePlugin({
  name: "store",
  setup(api) {
    const store = new IndexedThreadStore({
      ternHome: api.ternHome,
      warn: (message) => api.warn(message),
      log: (message) => api.log(message),
    });
    api.stores.register(store);
    api.onClose(() => store.close());
    api.commands.register({
      name: "index",
      summary: "Rebuild the thread index from the rollouts: tern index rebuild",
      run: async (args) => {
        if (args[0] !== "rebuild" || args.length > 1) {
          console.error("Usage: tern index rebuild");
          return 2;
        }
        const count = await store.rebuild();
        console.log(`Rebuilt the thread index "${store.indexPath}" from the rollouts: ${count} thread(s)`);
        return 0;
      },
    });
  },
});
