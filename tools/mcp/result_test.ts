import { assertEquals } from "@std/assert";
import { resultText, toModelOutput } from "./result.ts";

Deno.test("toModelOutput() joins text-only results into one string", () => {
  assertEquals(toModelOutput({ content: [{ type: "text", text: "a" }, { type: "text", text: "b" }] }), "a\nb");
});

Deno.test("toModelOutput() passes images on as input_image data URLs beside the text", () => {
  assertEquals(
    toModelOutput({ content: [{ type: "text", text: "look" }, { type: "image", data: "AAA", mimeType: "image/png" }] }),
    [{ type: "input_text", text: "look" }, { type: "input_image", image_url: "data:image/png;base64,AAA" }],
  );
});

Deno.test("toModelOutput() gives structured content as JSON when there is no content", () => {
  assertEquals(toModelOutput({ content: [], structuredContent: { temp: 21 } }), '{"temp":21}');
});

Deno.test("resultText() keeps the text of embedded resources and resource links", () => {
  assertEquals(
    resultText({
      content: [
        { type: "resource", resource: { uri: "x://a", text: "inside" } },
        { type: "resource_link", uri: "x://b", name: "b" },
      ],
    }),
    'inside\n[resource link x://b "b"]',
  );
});
