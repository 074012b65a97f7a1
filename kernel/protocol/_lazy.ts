/**
 * @module
 * `lazy()`: a value built on first use. The protocol declares some three hundred zod schemas;
 * building them all costs about 20 ms, which every `tern` run would pay at start-up although a
 * `tern exec` turn parses almost none of them. Each top-level schema is therefore declared as
 * `lazy(() => z.object(...))`: a stand-in that builds the schema the first time anything touches
 * it and forwards every operation to it from then on, so callers use it as the schema itself.
 *
 * One limit: zod's JSON Schema output keys some wrappers (optional, nullable, default) by the
 * schema object itself, so a stand-in must not wrap a schema whose outermost type is one of those.
 * `test/wire_schema_test.ts` and `hooks/schema_test.ts` catch a slip.
 */

/** Returns a stand-in for `build()`'s result that calls `build` once, on first use. */
export function lazy<T extends object>(build: () => T): T {
  let value: T | undefined;
  const real = (): T => (value ??= build());
  return new Proxy({} as T, {
    get: (_target, key) => {
      const target = real();
      const found = Reflect.get(target, key, target);
      return found;
    },
    set: (_target, key, newValue) => Reflect.set(real(), key, newValue),
    has: (_target, key) => Reflect.has(real(), key),
    ownKeys: () => Reflect.ownKeys(real()),
    getOwnPropertyDescriptor: (_target, key) => {
      const descriptor = Reflect.getOwnPropertyDescriptor(real(), key);
      // The stand-in's own (empty) target never holds the property: report it configurable.
      return descriptor && { ...descriptor, configurable: true };
    },
    getPrototypeOf: () => Reflect.getPrototypeOf(real()),
    defineProperty: (_target, key, descriptor) => Reflect.defineProperty(real(), key, descriptor),
    deleteProperty: (_target, key) => Reflect.deleteProperty(real(), key),
  });
}
