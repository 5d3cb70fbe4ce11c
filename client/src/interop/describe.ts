// One line on what an import did, in the words the CLI and the demo app both print.
import type { PostmanFileKind } from "./detect.js";
import type { ImportResult } from "./index.js";

export function describeImport(result: ImportResult & { kind: PostmanFileKind }): string {
  const replaced = result.replaced?.length ? ` (replaced ${result.replaced.join(", ")}, now in the trash)` : "";
  if (result.kind === "globals") return `${result.added ?? 0} global(s) added, ${result.updated ?? 0} updated`;
  return `${result.entities} item(s) as ${result.id}${replaced}`;
}
