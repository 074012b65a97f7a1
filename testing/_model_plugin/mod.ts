/**
 * @module
 * The test kit's model plugin: registers, as provider `tern-testing`, the provider `runTurn` left
 * in the slot its config section names (`tern-testing-model.slot`).
 */
import { z } from "zod";
import { definePlugin } from "../../kernel/mod.ts";
import { take } from "../_slots.ts";

export default definePlugin({
  name: "tern-testing-model",
  config: z.object({ slot: z.string() }),
  setup(api, config) {
    const provider = take(config.slot);
    api.providers.register({
      id: "tern-testing",
      stream: (request, options) => provider.stream(request, options),
      listModels: () => Promise.resolve(["test-model"]),
    });
  },
});
