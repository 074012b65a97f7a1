/**
 * @module
 * Test helpers for this plugin's tests: a basic `ModelRequest`, and collecting a provider's
 * events (and its final error, if any). Not part of the plugin.
 */
import { assert } from "@std/assert";
import { ModelError, type ModelEvent, type ModelProvider, type ModelRequest } from "../../kernel/mod.ts";
import { createOpenAIProvider, type OpenAIProviderOptions } from "./provider.ts";

/** A small request: one user message, no tools. */
export function userRequest(text = "Hello", overrides: Partial<ModelRequest> = {}): ModelRequest {
  return {
    model: "mock-model",
    instructions: "You are a test.",
    input: [{ type: "message", role: "user", content: [{ type: "input_text", text }] }],
    tools: [],
    parallelToolCalls: true,
    ...overrides,
  };
}

/** A provider against `baseUrl` with a key and tiny retry delays. */
export function testProvider(baseUrl: string, options: Partial<OpenAIProviderOptions> = {}): ModelProvider {
  return createOpenAIProvider({ id: "test", baseUrl, apiKey: "sk-test", retryBaseMs: 1, ...options });
}

/** Runs a stream to its end; returns the events and the error it threw, if any. */
export async function run(
  provider: ModelProvider,
  request: ModelRequest,
  signal = new AbortController().signal,
): Promise<{ events: ModelEvent[]; error?: unknown }> {
  const events: ModelEvent[] = [];
  try {
    for await (const event of provider.stream(request, { signal })) events.push(event);
  } catch (error) {
    return { events, error };
  }
  return { events };
}

/** Asserts that a run failed with a `ModelError` and returns it. */
export function modelError(result: { error?: unknown }): ModelError {
  assert(result.error instanceof ModelError, `expected a ModelError, got ${result.error}`);
  return result.error;
}
