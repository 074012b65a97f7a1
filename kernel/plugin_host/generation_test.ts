import { assertEquals, assertThrows } from "@std/assert";
import { Generation } from "./generation.ts";

/** A registry that records what is registered. */
function registry() {
  const live = new Set<string>();
  const register = (id: string, options: { fail?: boolean } = {}) => ({
    kind: "tools" as const,
    id,
    apply: () => {
      if (options.fail || live.has(id)) throw new TypeError(`Cannot register "${id}"`);
      live.add(id);
      return () => void live.delete(id);
    },
  });
  return { live, register };
}

Deno.test("Generation stages registrations until activate(), and makes all of them or none", () => {
  const { live, register } = registry();
  const staged = new Generation("staged");
  staged.track(register("a"));
  const undoB = staged.track(register("b"));
  staged.track(register("c"));
  undoB(); // the plugin undid it before the swap: it is never made
  assertEquals([...live], []);
  assertEquals(staged.contributed.tools, ["a", "b", "c"]);
  staged.activate();
  assertEquals([...live], ["a", "c"]);

  const failing = new Generation("staged");
  failing.track(register("d"));
  failing.track(register("e", { fail: true }));
  assertThrows(() => failing.activate(), TypeError, 'Cannot register "e"');
  assertEquals([...live], ["a", "c"], "d was undone with the failed activation");
  assertEquals(failing.state, "staged");
});

Deno.test("Generation.deactivate() undoes everything and activate() makes it again; a retired one ignores new registrations", async () => {
  const { live, register } = registry();
  const closed: string[] = [];
  const generation = new Generation("live");
  generation.track(register("a"));
  generation.track({ kind: null, id: "onClose", apply: () => () => {}, close: () => void closed.push("closed") });
  assertEquals([...live], ["a"]);
  generation.deactivate();
  assertEquals([...live], []);
  generation.activate();
  assertEquals([...live], ["a"]);
  generation.retire();
  generation.track(register("late"));
  assertEquals([...live], []);
  await generation.close(() => {});
  await generation.close(() => {});
  assertEquals(closed, ["closed"], "onClose handlers run once");
});
