/**
 * @module
 * Test support for this folder: the kernel's recording `ToolContext`, under this folder's names.
 */
export {
  type Recorded,
  type RecordingToolContext as FakeContext,
  recordingToolContext as fakeContext,
  type RecordingToolContextOptions as FakeContextOptions,
  type RequestAnswer as Answer,
} from "../../kernel/mod.ts";
