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

/**
 * The file was imported before (a collection with the same Postman id, an environment
 * with the same id, a newman report of the same run) and the import said neither `onExisting: "replace"` nor `"copy"`.
 * Nothing was written.
 */
export class AlreadyImportedError extends SyncGateError {
  constructor(
    readonly kind: "collection" | "environment" | "run",
    readonly existing: { id: string; name: string }[],
  ) {
    super(
      "already-imported",
      `this ${kind} was imported before, as "${existing[0]?.name}": import it with onExisting "replace" (the old one goes to the trash) or "copy" (keep both)`,
    );
    this.name = "AlreadyImportedError";
  }
}
