// deno-lint-ignore-file no-import-prefix -- candidates being measured, pinned here, not dependencies of Tern
/**
 * @module
 * Child of `bench/tui_libraries.ts`: Ink's first frame in a real terminal (raw mode through
 * `useInput`), then it unmounts and exits.
 */
// @ts-types="npm:@types/react@19"
import React from "npm:react@19.3.0";
import { render, Text, useInput } from "npm:ink@8.0.0";

function App() {
  useInput(() => {});
  return React.createElement(Text, null, "READY-FRAME ink");
}
const app = render(React.createElement(App));
setTimeout(() => {
  app.unmount();
  Deno.exit(0);
}, 150);
