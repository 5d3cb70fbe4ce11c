// The reader's defence: the rules check what they can express, but not each element of a
// variable-length list (rules have no loops), so a hostile or broken writer can still
// store a document no honest client would. Every document shown is checked against the
// kind's schema and the secret envelope; one that fails is shown with the reason under
// `needsRepair`, never dropped, never crashed on, never exported as if it were sound.
import { CURRENT_SCHEMA, isSecretEnvelope, SECRET_PREFIX, upgraded, versionOf, type EntityKind, type SchemaVersion } from "../../../schema/index.js";
import { withoutMeta } from "../sync/metadata.js";
import { VARIABLE_LISTS } from "./variables.js";

/** How long an entity stays hidden waiting for its import's root before it shows, marked. */
export const IMPORT_ROOT_WAIT_MS = 60 * 60 * 1000;

const isStoredInClear = (value: unknown) => typeof value === "string" && value !== "" && !(value.startsWith(SECRET_PREFIX) && isSecretEnvelope(value));

const at = (fields: unknown, path: readonly string[]): unknown => path.reduce<unknown>((v, k) => (v && typeof v === "object" ? (v as Record<string, unknown>)[k] : undefined), fields);

/** Secret values must be envelopes: variables of a secret type, in entities and in every variable list. */
function clearSecret(kind: EntityKind, fields: Record<string, unknown>): string | undefined {
  if (fields["type"] === "secret" && (isStoredInClear(fields["initialValue"]) || isStoredInClear(fields["currentValue"]))) return "a secret value is stored unencrypted";
  for (const path of VARIABLE_LISTS[kind] ?? []) {
    const list = at(fields, path);
    if (Array.isArray(list) && list.some((v) => (v as { type?: unknown })?.type === "secret" && isStoredInClear((v as { value?: unknown }).value))) {
      return "a secret variable's value is stored unencrypted";
    }
  }
  return undefined;
}

export class RepairCheck {
  private readonly strict;
  private readonly known;

  constructor(
    private readonly kind: EntityKind,
    private readonly version: SchemaVersion = CURRENT_SCHEMA,
  ) {
    this.known = version.entities[kind];
    this.strict = this.known.strict();
  }

  /**
   * Whether this app cannot edit a document: one of a newer schema version whose fields it
   * cannot read as its own (a field renamed, a required one added). It is shown as stored,
   * read-only, never overwritten. A newer one it can read stays editable: fields it does
   * not know are kept, and its edits send only the fields they change.
   */
  readOnly(raw: Record<string, unknown>): string | undefined {
    // the version field is the same in raw and fields: the common case costs no copy (this runs for every document shown)
    const version = versionOf(raw);
    if (version <= this.version.version || this.known.safeParse(withoutMeta(raw)).success) return undefined;
    return `made by a newer version of the app (schema ${version}; this one knows ${this.version.version}): update the app to edit it`;
  }

  /** Why a stored document (brought up to this app's version, when older) is unsound, or undefined when it is sound. */
  reason(raw: Record<string, unknown>): string | undefined {
    const fields = withoutMeta(raw);
    if (versionOf(fields) > this.version.version) return clearSecret(this.kind, fields);
    const parsed = this.strict.safeParse(upgraded(this.kind, fields, this.version));
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      return `${issue.path.map(String).join(".") || "(document)"}: ${issue.message}`;
    }
    return clearSecret(this.kind, fields);
  }
}
