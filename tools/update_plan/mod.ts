/**
 * @module
 * The `update-plan` plugin: registers `update_plan`, with which the model records its plan as
 * steps marked pending, in progress or completed. Each call replaces the whole plan and is
 * published as `turn/plan/updated` (`tern exec --json` shows it as a `todo_list` item). The
 * plugin keeps no state of its own and has no config section.
 */
import { definePlugin } from "../../kernel/mod.ts";
import { createUpdatePlanTool } from "./update_plan.ts";

export default definePlugin({
  name: "update-plan",
  setup(api) {
    api.tools.register(createUpdatePlanTool());
  },
});
