/** The nine synced entity kinds; each is the collection `users/{uid}/{kind}`. */
export const ENTITY_KINDS = [
  "collections",
  "folders",
  "requests",
  "responses",
  "headerPresets",
  "environments",
  "environmentVariables",
  "globals",
  "runs",
] as const;

export type EntityKind = (typeof ENTITY_KINDS)[number];

/** Collections under users/{uid} that are not entity kinds. */
export const SESSIONS = "sessions";
/** users/{uid}/sessionEnds/{sid}: why a session ended (retries of an ending call, and the device itself, read it) */
export const SESSION_ENDS = "sessionEnds";
/** functions-only attempt counters */
export const THROTTLES = "throttles";
export const CHUNKS = "chunks";
export const USERNAMES = "usernames";
export const MAIL = "mail";
export const USERS = "users";

export function isEntityKind(value: string): value is EntityKind {
  return (ENTITY_KINDS as readonly string[]).includes(value);
}

/**
 * Free-form fields no query filters or sorts on: exempt from Firestore's automatic
 * single-field indexes (firestore.indexes.json). A document's index entries then stay far
 * below Firestore's 40,000 per document however large an imported file's extensions are,
 * and writes cost no index updates for them.
 */
export const UNINDEXED_FIELDS: Record<EntityKind, readonly string[]> = {
  collections: ["extra", "info", "variables", "auth", "events", "description"],
  folders: ["extra", "auth", "events", "description"],
  requests: ["extra", "url", "headers", "body", "auth", "events", "description"],
  responses: ["extra", "headers", "cookies", "body", "originalRequest"],
  headerPresets: ["extra", "headers"],
  environments: ["extra"],
  environmentVariables: ["extra", "initialValue", "currentValue", "description"],
  globals: ["extra", "initialValue", "currentValue", "description"],
  runs: ["extra", "stats", "results"],
};
