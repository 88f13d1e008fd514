// Sample of docs/codegen.md: running the generator from code (a build script, a watch task).
// Compiled only; codegen's own tests run it.
import { formatDiagnostic, GenerateError, generate } from "@h2rpc/codegen";

/** Regenerates `src/gen` from `proto/`; returns false (after printing why) when a .proto is bad. */
export async function regenerate(): Promise<boolean> {
  // #region generate-from-code
  try {
    const { files, written, removed } = await generate({ root: "proto", out: "src/gen" });
    console.log(`${files.length} files, ${written.length} changed, ${removed.length} stale removed`);
  } catch (error) {
    if (!(error instanceof GenerateError)) throw error;
    for (const d of error.diagnostics) console.error(formatDiagnostic(d)); // file:line:column: reason
    return false;
  }
  // #endregion
  return true;
}
