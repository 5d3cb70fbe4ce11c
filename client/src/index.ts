// @syncgate/client: the public surface.
export { createSyncClient, SyncClient } from "./client.js";
export type { Persistence, SessionEndDetail, SessionEndReason, SignInOptions, SyncClientOptions } from "./client.js";
export { NeedsRepairError, SessionLimitError, SyncGateError, UnsyncedChangesError, ValidationError } from "./errors.js";
export type { SyncGateErrorCode, UnsoundItem, UnsyncedChange, ValidationIssue, WaitingChange } from "./errors.js";
export { STATUS_LABELS } from "./status/status.js";
export type { AuditScheduleOptions } from "./status/audit-schedule.js";
export type { StatusSnapshot, SyncStatus } from "./status/status.js";
export type { EntityStore } from "./store/entity-store.js";
export type { Entity, EntityMeta, ListOptions, Unsubscribe } from "./store/types.js";
export type { SyncMetrics } from "./store/context.js";
export { byOrder, orderBetween } from "./sync/ordering.js";
/** The equality update() uses to tell which fields changed (an app's forms can agree with it). */
export { deepEqual } from "./util/equal.js";
export { conflictCopies, type ConflictContext, type ConflictHandler } from "./sync/conflicts.js";
export { isLockedSecret } from "./store/variables.js";
export { memoryStorage, webStorage, type KeyValueStorage } from "./util/storage.js";
export * from "../../schema/index.js";
export { AlreadyImportedError, ImportCancelledError, ImportError } from "./interop/errors.js";
export type { ImportOptions, ImportProgress } from "./interop/bulk-write.js";
export type { ExportOptions, ImportResult, PostmanInterop } from "./interop/index.js";
export { detectPostmanFile, type PostmanFileKind } from "./interop/detect.js";
export { describeImport } from "./interop/describe.js";
