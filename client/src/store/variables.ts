// Environment and global variables: `initialValue` syncs; `currentValue` stays on this
// device (in local storage) unless the variable opts in with shareCurrentValue; values of
// secret variables are encrypted before they leave the device and decrypted on read.
// Collection variables (a list inside the collection) get the same secret handling.
import type { Version } from "../sync/write-state.js";
import { LIMITS, SECRET_PREFIX, secretEnvelopeLength, type EntityKind } from "../../../schema/index.js";
import { SyncGateError, ValidationError } from "../errors.js";
import { PREFIX } from "../util/storage.js";
import type { SessionContext } from "./context.js";
import { stripMeta } from "../sync/metadata.js";

export type VariableKind = "globals" | "environmentVariables";
type Fields = Record<string, unknown>;

/** A secret value this device cannot decrypt (encrypted under another secret). */
export function isLockedSecret(value: unknown): boolean {
  return typeof value === "string" && value.startsWith(SECRET_PREFIX);
}

export const localValueKey = (uid: string, kind: string, id: string) => `${PREFIX}cv:${uid}:${kind}:${id}`;

export const TOO_LONG_SECRET = `too long to store encrypted: a secret value encrypts to at most ${LIMITS.variableValue.toLocaleString("en")} characters`;

/** Turns an entity's fields into what is stored (secrets encrypted) and back. */
export interface FieldCodec {
  /** Refuses, synchronously, a write that could never be stored: before the view shows it. */
  check?(patch: Fields, base: Version | undefined, current: Fields | undefined): void;
  encode(ctx: SessionContext, id: string, patch: Fields, base: Version | undefined, current: Fields | undefined): Promise<Fields>;
  decode(ctx: SessionContext, id: string, data: Version): Promise<Fields>;
}

function requireCipher(ctx: SessionContext) {
  if (!ctx.cipher) throw new SyncGateError("validation", "secret values need the secrets key: sign in with a password first");
  return ctx.cipher;
}

export class VariableCodec implements FieldCodec {
  constructor(private readonly kind: VariableKind) {}

  check(patch: Fields, base: Version | undefined, current: Fields | undefined): void {
    if ((patch["type"] ?? base?.["type"]) !== "secret") return;
    const refuse = (field: string, message: string) => {
      throw new ValidationError(this.kind, [{ path: [field], message }]);
    };
    const blob = "initialValueBlob" in patch || "initialValue" in patch ? patch["initialValueBlob"] : base?.["initialValueBlob"];
    if (blob != null) refuse("type", "a value kept in chunks cannot be secret: set a shorter value with it");
    // a type change encrypts the value it did not touch, too
    const values = { initialValue: "initialValue" in patch ? patch["initialValue"] : current?.["initialValue"], currentValue: patch["currentValue"] };
    for (const [field, value] of Object.entries(values)) {
      if (typeof value === "string" && !value.startsWith(SECRET_PREFIX) && secretEnvelopeLength(value) > LIMITS.variableValue) refuse(field, TOO_LONG_SECRET);
    }
  }

  async encode(ctx: SessionContext, id: string, patch: Fields, base: Version | undefined, current: Fields | undefined): Promise<Fields> {
    const out = { ...patch };
    const type = (patch["type"] ?? base?.["type"]) as string;
    const share = (patch["shareCurrentValue"] ?? base?.["shareCurrentValue"]) === true;
    if ("currentValue" in out && !share) {
      const key = localValueKey(ctx.uid, this.kind, id);
      if (out["currentValue"] == null) ctx.storage.removeItem(key);
      else ctx.storage.setItem(key, String(out["currentValue"]));
      delete out["currentValue"];
      if (base?.["currentValue"] != null) out["currentValue"] = null; // stop sharing what was shared
    }
    // A new value replaces one kept in chunks (those stay until the variable is purged).
    if ("initialValue" in patch && !("initialValueBlob" in patch) && base?.["initialValueBlob"] != null) out["initialValueBlob"] = null;
    // A type change re-encodes the value it did not touch.
    if ("type" in patch && !("initialValue" in out) && current) out["initialValue"] = current["initialValue"];
    if (type !== "secret") return out;
    const cipher = requireCipher(ctx);
    for (const field of ["initialValue", "currentValue"]) {
      const value = out[field];
      if (typeof value !== "string" || value === "" || value.startsWith(SECRET_PREFIX)) continue;
      out[field] = await cipher.encrypt(value);
    }
    return out;
  }

  async decode(ctx: SessionContext, id: string, data: Version): Promise<Fields> {
    const out = stripMeta(data);
    if (out["type"] === "secret" && ctx.cipher) {
      for (const field of ["initialValue", "currentValue"]) {
        const value = out[field];
        if (typeof value === "string") out[field] = (await ctx.cipher.decrypt(value)) ?? value;
      }
    }
    if (out["shareCurrentValue"] !== true) {
      const local = ctx.storage.getItem(localValueKey(ctx.uid, this.kind, id));
      if (local !== null) out["currentValue"] = local;
      else delete out["currentValue"];
    }
    return out;
  }
}

type ListVariable = Record<string, unknown> & { type?: unknown; value?: unknown };

/**
 * Where each kind keeps Postman variable lists: a collection's own `variables`, and the
 * `variable` lists of folders and requests, which stay in their `extra` (the file's shape).
 */
export const VARIABLE_LISTS: Partial<Record<EntityKind, readonly (readonly string[])[]>> = {
  collections: [["variables"]],
  folders: [["extra", "variable"]],
  requests: [["extra", "item", "variable"]],
};

const isSecretEntry = (v: unknown): v is ListVariable => typeof v === "object" && v !== null && (v as ListVariable).type === "secret";

/** The fields with the list at `path` replaced by `map(list)`, or the same object when there is no such list. */
async function mapList(fields: Fields, path: readonly string[], map: (list: ListVariable[]) => Promise<ListVariable[]>): Promise<Fields> {
  const [head, ...rest] = path as [string, ...string[]];
  const value = fields[head];
  if (rest.length === 0) return Array.isArray(value) && value.some(isSecretEntry) ? { ...fields, [head]: await map(value as ListVariable[]) } : fields;
  if (typeof value !== "object" || value === null || Array.isArray(value)) return fields;
  const inner = await mapList(value as Fields, rest, map);
  return inner === value ? fields : { ...fields, [head]: inner };
}

/** The variable lists of a kind: values of `type: "secret"` entries are stored encrypted. */
export class VariableListCodec implements FieldCodec {
  constructor(private readonly paths: readonly (readonly string[])[]) {}

  async encode(ctx: SessionContext, _id: string, patch: Fields): Promise<Fields> {
    let out = patch;
    for (const path of this.paths) {
      out = await mapList(out, path, (list) => {
        const cipher = requireCipher(ctx);
        return Promise.all(
          list.map(async (v) => (isSecretEntry(v) && typeof v.value === "string" && v.value !== "" && !v.value.startsWith(SECRET_PREFIX) ? { ...v, value: await cipher.encrypt(v.value) } : v)),
        );
      });
    }
    return out;
  }

  async decode(ctx: SessionContext, _id: string, data: Version): Promise<Fields> {
    let out = stripMeta(data);
    const cipher = ctx.cipher;
    if (!cipher) return out;
    for (const path of this.paths) {
      out = await mapList(out, path, (list) =>
        Promise.all(list.map(async (v) => (isSecretEntry(v) && typeof v.value === "string" ? { ...v, value: (await cipher.decrypt(v.value)) ?? v.value } : v))),
      );
    }
    return out;
  }
}
