/**
 * @module
 * The `request-user-input` plugin: registers `request_user_input`, with which the model asks the
 * user one to three short questions and waits for the answers. The questions go to whichever
 * front end is attached as the `item/tool/requestUserInput` server request; when none can
 * answer, the model is told to proceed on its own judgement. No config section.
 */
import { definePlugin } from "../../kernel/mod.ts";
import { createRequestUserInputTool } from "./request_user_input.ts";

export default definePlugin({
  name: "request-user-input",
  setup(api) {
    api.tools.register(createRequestUserInputTool());
  },
});
