import { assertEquals, assertStringIncludes } from "@std/assert";
import { KernelConfig, type ModelProvider, type PluginApi } from "../../kernel/mod.ts";
import { ev, startMockModelServer, turnOf } from "../../test/support/mock_model.ts";
import { modelError, run, userRequest } from "./_testing.ts";
import plugin from "./mod.ts";
import { createOpenAIProvider } from "./provider.ts";
import { resolveProviders } from "./provider_config.ts";

const envOf = (vars: Record<string, string>) => (name: string) => vars[name];

Deno.test("resolveProviders() offers openai, ollama and lmstudio by default", () => {
  const providers = resolveProviders(KernelConfig.parse({}), { env: envOf({}) });
  assertEquals(
    providers.map((p) => [p.id, p.baseUrl, p.wireApi, p.keyRequired ?? false]),
    [
      ["openai", "https://api.openai.com/v1", "responses", true],
      ["ollama", "http://localhost:11434/v1", "chat", false],
      ["lmstudio", "http://localhost:1234/v1", "chat", false],
    ],
  );
  assertEquals(providers[0].keyEnv, ["CODEX_API_KEY", "OPENAI_API_KEY"]);
});

Deno.test("resolveProviders() takes the openai base URL from openaiBaseUrl, else OPENAI_BASE_URL", () => {
  const env = envOf({ OPENAI_BASE_URL: "http://env.example/v1" });
  assertEquals(resolveProviders(KernelConfig.parse({}), { env })[0].baseUrl, "http://env.example/v1");
  const configured = KernelConfig.parse({ openaiBaseUrl: "http://config.example/v1" });
  assertEquals(resolveProviders(configured, { env })[0].baseUrl, "http://config.example/v1");
});

Deno.test("resolveProviders() adds openai-typed and untyped entries and leaves other types alone", () => {
  const config = KernelConfig.parse({
    modelProviders: {
      mock: { baseUrl: "http://127.0.0.1:9/v1", requestMaxRetries: 0, headers: { "x-a": "1" } },
      azure: { type: "openai", baseUrl: "https://a.example/openai", envKey: "AZURE_KEY", queryParams: { v: "1" } },
      bedrock: { type: "bedrock" },
      ollama: { type: "other-plugin" },
    },
  });
  const providers = resolveProviders(config, { env: envOf({ TERN_RETRY_BASE_MS: "3" }) });
  assertEquals(providers.map((p) => p.id), ["openai", "lmstudio", "mock", "azure"]);
  const mock = providers[2];
  assertEquals([mock.baseUrl, mock.requestMaxRetries, mock.headers, mock.keyRequired], [
    "http://127.0.0.1:9/v1",
    0,
    { "x-a": "1" },
    undefined,
  ]);
  assertEquals(mock.retryBaseMs, 3);
  const azure = providers[3];
  assertEquals([azure.keyEnv, azure.keyRequired, azure.queryParams], [["AZURE_KEY"], true, { v: "1" }]);
});

Deno.test("An entry's envKey is required at request time and named in the error", async () => {
  await using server = await startMockModelServer({ fallback: turnOf(ev.assistantMessage("m", "ok")) });
  const config = KernelConfig.parse({ modelProviders: { corp: { baseUrl: server.url, envKey: "CORP_KEY" } } });
  const env = envOf({ OPENAI_API_KEY: "sk-openai" });
  const corp = resolveProviders(config, { env }).find((p) => p.id === "corp")!;
  const error = modelError(await run(createOpenAIProvider(corp), userRequest()));
  assertStringIncludes(error.message, "no API key. Set the environment variable CORP_KEY");
  assertEquals(server.requests.length, 0, "the OpenAI key is not sent to another provider instead");

  const withKey = resolveProviders(config, { env: envOf({ CORP_KEY: "sk-corp" }) }).find((p) => p.id === "corp")!;
  await run(createOpenAIProvider(withKey), userRequest());
  assertEquals(server.requests[0].headers.authorization, "Bearer sk-corp");
});

Deno.test("An untyped entry without envKey works without any key", async () => {
  await using server = await startMockModelServer({ fallback: turnOf(ev.assistantMessage("m", "ok")) });
  const config = KernelConfig.parse({ modelProviders: { mock: { baseUrl: server.url } } });
  const mock = resolveProviders(config, { env: envOf({}) }).find((p) => p.id === "mock")!;
  const { error } = await run(createOpenAIProvider(mock), userRequest());
  assertEquals(error, undefined);
  assertEquals(server.requests[0].headers.authorization, undefined);
});

Deno.test("The openai plugin's setup() registers each provider and skips ids another plugin holds", async () => {
  const registered = new Map<string, ModelProvider>();
  const logs: string[] = [];
  const api = {
    name: "openai",
    config: KernelConfig.parse({ modelProviders: { mock: { baseUrl: "http://127.0.0.1:9/v1" } } }),
    providers: {
      register(provider: ModelProvider) {
        if (registered.has(provider.id)) {
          throw new TypeError(`Cannot register model provider "${provider.id}": already registered`);
        }
        registered.set(provider.id, provider);
        return () => registered.delete(provider.id);
      },
    },
    log: (message: string) => logs.push(message),
    services: { provide: () => () => {} },
    ternHome: "/nonexistent",
  } as unknown as PluginApi;
  registered.set("ollama", { id: "ollama", stream: () => [] as never });
  await plugin.setup(api, undefined);
  assertEquals([...registered.keys()].sort(), ["lmstudio", "mock", "ollama", "openai"]);
  assertEquals(logs.length, 1);
  assertStringIncludes(logs[0], 'skipped provider "ollama"');
});
