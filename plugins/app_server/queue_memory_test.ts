/**
 * @module
 * The app-server's in-memory queue of turns (`MemoryTurnQueue`, used when the store keeps no
 * queue) against the shared queue contract that the SQLite queue also passes.
 */
import { turnQueueContract } from "../../test/support/turn_queue_contract.ts";
import { MemoryTurnQueue } from "./queue_memory.ts";

turnQueueContract("MemoryTurnQueue", () => {
  const queue = new MemoryTurnQueue();
  return Promise.resolve({ queue, other: queue, close: () => Promise.resolve() });
});
