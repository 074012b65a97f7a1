/**
 * @module
 * The model-facing history: Responses API items (`ResponseItem`) as Codex records them in
 * rollouts (`response_item` lines). This is what the turn loop sends to a provider and what a
 * provider streams back; providers for other wire formats convert at their edge.
 */

/** A content part of a message. */
export type ContentPart =
  | { type: "input_text"; text: string }
  | { type: "input_image"; image_url: string; detail?: string }
  | { type: "output_text"; text: string };

/** An item of model history, in the Responses API's own shape. */
export type ResponseItem =
  | {
    type: "message";
    id?: string;
    role: "user" | "assistant" | "developer" | "system";
    content: ContentPart[];
    phase?: string;
  }
  | {
    type: "reasoning";
    id?: string;
    summary: { type: "summary_text"; text: string }[];
    content?: { type: "reasoning_text"; text: string }[];
    encrypted_content?: string | null;
  }
  | { type: "function_call"; id?: string; name: string; arguments: string; call_id: string; namespace?: string }
  | { type: "function_call_output"; call_id: string; output: string | ToolOutputPart[] }
  | { type: "custom_tool_call"; id?: string; name: string; input: string; call_id: string }
  | { type: "custom_tool_call_output"; call_id: string; output: string | ToolOutputPart[] };

/** Rich tool output for the model. */
export type ToolOutputPart =
  | { type: "input_text"; text: string }
  | { type: "input_image"; image_url: string };

/** Token counts as the Responses API reports them, flattened. */
export interface ModelUsage {
  inputTokens: number;
  cachedInputTokens: number;
  outputTokens: number;
  reasoningOutputTokens: number;
  totalTokens: number;
}
