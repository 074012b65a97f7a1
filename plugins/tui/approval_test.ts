import { assert, assertEquals } from "@std/assert";
import { ApprovalPrompt } from "./approval.ts";
import { fileChangeLines } from "./cells.ts";
import { useColor } from "./theme.ts";
import { skipWhen } from "../../test/support/skip.ts";

const lines = Array.from({ length: 30 }, (_, i) => `line ${i + 1}`);
const change = { path: "/ws/notes.txt", kind: { type: "add" }, diff: lines.map((l) => `+${l}`).join("\n") };

Deno.test({
  name: "a file-change approval draws the diff coloured as the transcript does, capped, above the choices",
  ignore: skipWhen(!useColor, "plugins/tui/approval_test.ts: the colour check: NO_COLOR or TERM=dumb is set"),
  fn: () => {
    const prompt = new ApprovalPrompt({
      title: "Make these file changes?",
      preview: (width) => fileChangeLines([change] as never, { cwd: "/ws", verb: "Edit", width, maxLines: 20 }),
      decisions: ["accept", "decline"],
    });
    const drawn = prompt.render(80);
    const esc = String.fromCharCode(27);
    assert(drawn.some((l) => l.includes(`${esc}[32m+line 1${esc}[39m`)), "added lines in green");
    const plain = drawn.map((l) => l.replace(new RegExp(`${esc}\\[[0-9;]*m`, "g"), ""));
    assertEquals(plain.slice(1, 3), ["Make these file changes?", "• Edit notes.txt +30 -0"]);
    assert(plain.includes("    +line 20") && !plain.includes("    +line 21"), "20 lines of the diff");
    assert(plain.includes("    … 10 more lines"));
    assert(
      plain.indexOf("    … 10 more lines") < plain.findIndex((l) => l.includes("[y]")),
      "the diff, then the choices",
    );
  },
});
