import { assertEquals, assertThrows } from "@std/assert";
import { httpHeaders } from "./connection.ts";

Deno.test("httpHeaders() sends the configured headers and the bearer token from its variable", () => {
  const env = (name: string) => (name === "TRACKER_TOKEN" ? "s3cret" : undefined);
  assertEquals(httpHeaders({ headers: { "X-Team": "tools" }, bearerTokenEnvVar: "TRACKER_TOKEN" }, env), {
    "X-Team": "tools",
    Authorization: "Bearer s3cret",
  });
  assertEquals(httpHeaders({ headers: {} }, env), {});
});

Deno.test("httpHeaders() refuses to connect when the bearer token's variable is unset", () => {
  assertThrows(
    () => httpHeaders({ headers: {}, bearerTokenEnvVar: "MISSING_TOKEN" }, () => undefined),
    Error,
    'environment variable "MISSING_TOKEN" (bearerTokenEnvVar) is not set',
  );
});
