/**
 * @module
 * The `environment` plugin: adds the environment context (cwd, shell, date, time zone) and the
 * sandbox and approval rules to every prompt. See `environment.ts`.
 */
import { definePlugin } from "../../kernel/mod.ts";
import { createEnvironmentContributor } from "./environment.ts";

export default definePlugin({
  name: "environment",
  setup(api) {
    api.context.register(createEnvironmentContributor());
  },
});
