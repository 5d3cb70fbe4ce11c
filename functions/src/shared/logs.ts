// Every log line of the functions is a named event with its fields, for operators and
// support ("why was this user refused a session?"). Each carries uid and sid where they
// apply; an email address, username or token is never logged in clear, only a short
// keyed hash that tells two requests for the same address apart.
import { createHash } from "node:crypto";
import { logger } from "firebase-functions";
import type { SessionEndCause } from "../../../schema/index.js";

/** A short, stable stand-in for an identifier (email, username, IP) that must not be logged. */
export const redact = (value: string) => `h:${createHash("sha256").update(`syncgate-log\n${value.trim().toLowerCase()}`).digest("hex").slice(0, 12)}`;

type Fields = Record<string, string | number | boolean | undefined>;
export type LogLevel = "info" | "warn";

/** Where events go: the functions logger (Cloud Logging); tests capture them here. */
export const logSink = { write: (level: LogLevel, name: string, fields: Fields) => logger[level](name, fields) };
const event = (name: string, fields: Fields, level: LogLevel = "info") => logSink.write(level, name, { event: name, ...fields });

export const logs = {
  sessionClaimed: (uid: string, sid: string, active: number) => event("session.claimed", { uid, sid, active }),
  sessionEnded: (uid: string, sid: string, cause: SessionEndCause, by?: string) => event(`session.${cause}`, { uid, sid, by }),
  sessionsExpired: (count: number) => event("sessions.expired", { count }),
  limitReached: (uid: string, active: number) => event("session.limit-reached", { uid, active }, "warn"),
  claimRefused: (uid: string, reason: string) => event("session.claim-refused", { uid, reason }, "warn"),
  accountCreated: (uid: string) => event("account.created", { uid }),
  accountDeleted: (uid: string, how: "callable" | "auth-trigger") => event("account.deleted", { uid, how }),
  recoveryRequested: (kind: "username" | "password-reset", identifier: string) => event("recovery.requested", { kind, identifier: redact(identifier) }),
  throttleHit: (scope: string, key: string) => event("throttle.hit", { scope, key: redact(key) }, "warn"),
  swept: (what: "tombstones" | "expired", count: number) => event(`sweep.${what}`, { count }),
};
