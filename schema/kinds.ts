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
