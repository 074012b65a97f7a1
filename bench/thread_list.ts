/**
 * @module
 * Benchmark: `thread/list` latency from the SQLite index with 10,000 threads in it. Fills a
 * temporary index, then times 200 first-page and cursor-page queries (limit 25, default sort, and
 * a cwd filter) and prints the median. Target: under 20 ms per page.
 * Run: `deno run -A --no-check bench/thread_list.ts`
 */
import { join } from "@std/path";
import { IndexedThreadStore } from "../plugins/store/indexed_store.ts";

const home = await Deno.makeTempDir({ prefix: "tern-bench-list-" });
const store = new IndexedThreadStore({ ternHome: home });
try {
  const index = (await store.index())!;
  index.setState("backfilled", "bench");
  const rows = Array.from({ length: 10_000 }, (_, i) => ({
    id: `thread-${String(i).padStart(5, "0")}`,
    path: join(home, `rollout-${i}.jsonl`),
    cwd: `/work/project-${i % 20}`,
    createdAt: 1_700_000_000_000 + i * 1000,
    updatedAt: 1_700_000_000_000 + i * 1500,
    preview: `task number ${i}: fix the thing in module ${i % 97}`,
    modelProvider: i % 2 ? "openai" : "scripted",
    source: "cli" as const,
    cliVersion: "0.1.0",
    name: null,
    archived: i % 10 === 0,
    forkedFromId: null,
  }));
  index.replaceAll(rows);
  const median = async (query: Parameters<typeof store.listPage>[0]) => {
    const times: number[] = [];
    let cursor: string | null = null;
    for (let i = 0; i < 200; i++) {
      const start = performance.now();
      const page = await store.listPage({ ...query, cursor });
      times.push(performance.now() - start);
      cursor = page.nextCursor;
    }
    times.sort((a, b) => a - b);
    return times[times.length >> 1].toFixed(3);
  };
  console.log(`thread/list, 10,000 threads, limit 25: median ${await median({ limit: 25 })} ms`);
  console.log(`  sorted by updated_at: median ${await median({ limit: 25, sortKey: "updated_at" })} ms`);
  console.log(`  cwd filter: median ${await median({ limit: 25, cwd: ["/work/project-3"] })} ms`);
  console.log(`  search term: median ${await median({ limit: 25, searchTerm: "module 42" })} ms`);
} finally {
  store.close();
  await Deno.remove(home, { recursive: true });
}
