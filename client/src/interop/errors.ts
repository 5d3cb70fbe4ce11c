import { SyncGateError } from "../errors.js";

/** A file that cannot be imported; `location` names where (e.g. item[2].request.url). Nothing was written. */
export class ImportError extends SyncGateError {
  constructor(
    readonly location: string,
    readonly problem: string,
  ) {
    super("invalid-argument", `${location ? `${location}: ` : ""}${problem}`);
    this.name = "ImportError";
  }
}

/** The import was cancelled; what it had written is removed (never shown). */
export class ImportCancelledError extends SyncGateError {
  constructor() {
    super("invalid-argument", "import cancelled");
    this.name = "ImportCancelledError";
  }
}

export function formatPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((out, p) => (typeof p === "number" ? `${out}[${p}]` : out ? `${out}.${String(p)}` : String(p)), "");
}
