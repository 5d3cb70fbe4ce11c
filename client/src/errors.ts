// Typed errors of the SDK: every failure an app must handle has a code and, where it
// helps, the data to act on (the sessions to evict, the changes not yet synced).
import type { SessionInfo } from "../../schema/index.js";

export type SyncGateErrorCode =
  | "invalid-credentials"
  | "app-not-verified"
  | "session-limit"
  | "not-signed-in"
  | "already-signed-in"
  | "validation"
  | "unsynced-changes"
  | "throttled"
  | "account-exists"
  | "invalid-argument"
  | "not-found"
  | "revoked"
  | "network"
  | "needs-repair"
  | "already-imported"
  | "held-edits-locked"
  | "newer-app-needed"
  | "internal";

export class SyncGateError extends Error {
  constructor(
    readonly code: SyncGateErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = "SyncGateError";
  }
}

/** The account already has the maximum number of signed-in apps. */
export class SessionLimitError extends SyncGateError {
  constructor(
    readonly sessions: SessionInfo[],
    readonly limit: number,
    private readonly resume: (evict: { oldest: true } | { sid: string }) => Promise<void>,
  ) {
    super("session-limit", `this account is already signed in on ${limit} devices: sign out one of them to continue`);
    this.name = "SessionLimitError";
  }

  /** Continue the sign-in, signing out the least recently seen device. */
  evictOldest(): Promise<void> {
    return this.resume({ oldest: true });
  }

  /** Continue the sign-in, signing out the chosen device. */
  evict(sid: string): Promise<void> {
    return this.resume({ sid });
  }
}

export interface ValidationIssue {
  path: (string | number)[];
  message: string;
}

/** Data that the schema (and so the server's rules) would refuse. Nothing was written. */
export class ValidationError extends SyncGateError {
  constructor(
    readonly kind: string,
    readonly issues: ValidationIssue[],
  ) {
    const first = issues[0];
    super("validation", `invalid ${kind}: ${first ? `${first.path.join(".") || "(root)"}: ${first.message}` : "rejected"}`);
    this.name = "ValidationError";
  }
}

export interface UnsyncedChange {
  kind: string;
  id: string;
  /** the entity's name (or key, for variables), to show the user */
  label: string;
}

/** An edit the server's rules refused for its shape, kept until they (or the app) change. */
export interface WaitingChange extends UnsyncedChange {
  reason: string;
}

/** Sign-out could not flush these local changes to the server in time. */
export class UnsyncedChangesError extends SyncGateError {
  constructor(readonly changes: UnsyncedChange[]) {
    super("unsynced-changes", `${changes.length} local change(s) have not reached the server; sign out with { force: true } to discard them`);
    this.name = "UnsyncedChangesError";
  }
}

export interface UnsoundItem {
  kind: string;
  id: string;
  label: string;
  /** why the stored document is unsound (the entity's `needsRepair`) */
  reason: string;
}

/**
 * An export met items whose stored documents are unsound (`needsRepair`). Nothing was
 * exported: repair or delete them, or export again with `{ skipNeedsRepair: true }` to
 * leave them out knowingly.
 */
export class NeedsRepairError extends SyncGateError {
  constructor(readonly items: UnsoundItem[]) {
    super("needs-repair", `${items.length} item(s) need repair before they can be exported: ${items.slice(0, 3).map((i) => `${i.label} (${i.reason})`).join("; ")}`);
    this.name = "NeedsRepairError";
  }
}
