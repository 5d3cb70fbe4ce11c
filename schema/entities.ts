// Field schemas of the nine entity kinds: the one source of truth. firestore.rules is
// generated from them (scripts/generate-rules.ts), the client validates with them, and
// the tests build their cases from them.
import { z } from "zod";
import { BlobRefSchema } from "./blobs.js";
import type { EntityKind } from "./kinds.js";
import { LIMITS } from "./limits.js";
import { VERSION_FIELD } from "./metadata.js";
import {
  AuthSchema,
  BodySchema,
  CollectionVariableSchema,
  EventListSchema,
  HeaderListSchema,
  UrlSchema,
} from "./postman.js";

const id = z.string().min(1).max(LIMITS.id);
const name = z.string().min(1).max(LIMITS.name);
const description = z.string().max(LIMITS.description);
const order = z.number();
const extras = z.record(z.string(), z.unknown());

/** Fields every kind may carry besides its own: conflict copies and cascade deletes. */
const common = {
  /** id of the entity this one is a conflict copy of */
  conflictOf: id.nullable().optional(),
  /** id of the collection or folder whose deletion tombstoned this entity with it */
  deletedWith: id.nullable().optional(),
  /**
   * id of the delete operation that last took this entity (and its group) to the trash;
   * kept after a restore. A child and its parent sharing it were deleted or restored
   * together, which tells a late-arriving half of a cascade from a child created or moved
   * under the parent while the parent was being deleted elsewhere.
   */
  deletion: id.nullable().optional(),
  /**
   * id of the import's root entity (its collection or environment), on every other entity
   * an import writes: until the root exists (it is written last) the entity is hidden, so
   * an import cut short by a crash shows nothing on any device.
   */
  importedWith: id.nullable().optional(),
  /** the schema version the document was written with, when above 1 (schema/versions.ts) */
  [VERSION_FIELD]: z.number().int().min(2).optional(),
};

/** Marks encrypted secret values: `sg1:` + base64 of iv and AES-GCM ciphertext. */
export const SECRET_PREFIX = "sg1:";
/**
 * The exact envelope: `sg1:`, base64 of the 12-byte IV, `.`, base64 of the ciphertext
 * with its 16-byte tag. The rules and the SDK's reader hold stored values to it, so a
 * value that merely starts with `sg1:` is no envelope.
 */
export const SECRET_ENVELOPE_PATTERN = "sg1:[A-Za-z0-9+/]{16}[.](?:[A-Za-z0-9+/]{4}){4,}(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?";
export const isSecretEnvelope = (value: string) => new RegExp(`^${SECRET_ENVELOPE_PATTERN}$`).test(value);
/** The length of the envelope a secret value encrypts to: prefix, IV, ".", base64 of its UTF-8 bytes and the tag. */
export const secretEnvelopeLength = (plain: string) => SECRET_PREFIX.length + 16 + 1 + 4 * Math.ceil((new TextEncoder().encode(plain).length + 16) / 3);

/**
 * `deletedWith` of what the rollback of an interrupted import tombstones: the import's
 * root id behind this prefix. The trash does not list them (they never showed).
 */
export const IMPORT_GROUP_PREFIX = "import:";

/**
 * Bookkeeping fields: set on create, or by the lifecycle writes that own them, never by
 * an ordinary edit (the rules enforce it), so no edit can hide a live item.
 */
export const CREATE_ONLY_FIELDS = ["importedWith", "conflictOf"] as const;
export const LIFECYCLE_FIELDS = ["deletedWith", "deletion"] as const;

const variableFields = {
  key: z.string().min(1).max(LIMITS.key),
  initialValue: z.string().max(LIMITS.variableValue),
  /**
   * a value over LIMITS.inlineText (a minified script): initialValue is then "" and the
   * value is in these chunks (never a secret's: those stay inline, encrypted)
   */
  initialValueBlob: BlobRefSchema.nullable().optional(),
  type: z.enum(["default", "secret"]),
  enabled: z.boolean(),
  /** only present when the user opted in to syncing the current value of this variable */
  currentValue: z.string().max(LIMITS.variableValue).nullable().optional(),
  shareCurrentValue: z.boolean().optional(),
  description: description.nullable().optional(),
  order: order.optional(),
  extra: extras.optional(),
};

export const EntitySchemas = {
  collections: z.object({
    ...common,
    name,
    description: description.nullable().optional(),
    auth: AuthSchema.nullable().optional(),
    events: EventListSchema.optional(),
    variables: z.array(CollectionVariableSchema).max(LIMITS.listItems).optional(),
    /** Postman `info` fields beyond name/description (schema, _postman_id, version, …) */
    info: extras.optional(),
    order: order.optional(),
    extra: extras.optional(),
  }),
  folders: z.object({
    ...common,
    collectionId: id,
    parentFolderId: id.nullable(),
    name,
    description: description.nullable().optional(),
    auth: AuthSchema.nullable().optional(),
    events: EventListSchema.optional(),
    order,
    extra: extras.optional(),
  }),
  requests: z.object({
    ...common,
    collectionId: id,
    folderId: id.nullable(),
    name,
    description: description.nullable().optional(),
    method: z.string().min(1).max(LIMITS.method),
    url: UrlSchema,
    headers: HeaderListSchema,
    body: BodySchema.nullable().optional(),
    auth: AuthSchema.nullable().optional(),
    events: EventListSchema.optional(),
    order,
    extra: extras.optional(),
  }),
  responses: z.object({
    ...common,
    requestId: id,
    collectionId: id,
    name,
    status: z.string().max(LIMITS.name).nullable().optional(),
    code: z.number().int().min(0).max(999).nullable().optional(),
    headers: HeaderListSchema,
    cookies: z.array(extras).max(LIMITS.listItems).optional(),
    /** the body inline when short; otherwise null and bodyBlob points at chunks */
    body: z.string().max(LIMITS.inlineText).nullable().optional(),
    bodyBlob: BlobRefSchema.nullable().optional(),
    responseTime: z.number().nullable().optional(),
    originalRequest: extras.nullable().optional(),
    previewLanguage: z.string().max(64).nullable().optional(),
    order: order.optional(),
    extra: extras.optional(),
  }),
  headerPresets: z.object({
    ...common,
    name,
    headers: HeaderListSchema,
    order: order.optional(),
    extra: extras.optional(),
  }),
  environments: z.object({
    ...common,
    name,
    order: order.optional(),
    extra: extras.optional(),
  }),
  environmentVariables: z.object({
    ...common,
    environmentId: id,
    ...variableFields,
  }),
  globals: z.object({
    ...common,
    ...variableFields,
  }),
  runs: z.object({
    ...common,
    collectionId: id,
    environmentId: id.nullable(),
    name,
    /** milliseconds since the epoch, as the runner measured them */
    startedAt: z.number(),
    finishedAt: z.number().nullable().optional(),
    stats: extras,
    /** per-request results with assertion outcomes, inline when small; else resultsBlob */
    results: z.array(extras).max(LIMITS.listItems).optional(),
    resultsBlob: BlobRefSchema.nullable().optional(),
    extra: extras.optional(),
  }),
} satisfies Record<EntityKind, z.ZodObject>;

export type EntityData<K extends EntityKind> = z.infer<(typeof EntitySchemas)[K]>;

/** Kind-specific conditions the rules add to the generated field checks. */
export const RULE_EXTRAS: Partial<Record<EntityKind, string>> = {
  environmentVariables: "secretsEncrypted(data)",
  globals: "secretsEncrypted(data)",
};

/** The id field that names each kind's parent, for per-parent queries and cascades. */
export const PARENT_FIELD: Partial<Record<EntityKind, string>> = {
  folders: "collectionId",
  requests: "collectionId",
  responses: "requestId",
  environmentVariables: "environmentId",
  runs: "collectionId",
};
