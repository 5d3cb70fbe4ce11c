// Session and account calls are idempotent under retries: an attempt that committed but
// whose reply was lost (the emulator retrying a contended transaction did exactly that to
// revokeSession) is run again, and the caller still gets the outcome it asked for.
import type { Firestore, Transaction } from "firebase-admin/firestore";
import { afterAll, describe, expect, it } from "vitest";
import { deleteAccount } from "../../functions/src/accounts/delete.js";
import { claimSession } from "../../functions/src/sessions/claim.js";
import { releaseSession, revokeSession } from "../../functions/src/sessions/end.js";
import { runTransaction, type Transact } from "../../functions/src/shared/transaction.js";
import { DEFAULT_SESSION_INACTIVITY_DAYS } from "../../schema/index.js";
import { newUser } from "../harness/accounts.js";
import { closeAdmins } from "../harness/admin.js";
import { admin, claim, profileExists, sessionIds } from "./support.js";

afterAll(closeAdmins);

/** Commits the update, then runs it again as a retry after a lost reply would. */
const committedThenRetried: Transact = async <T>(db: Firestore, update: (tx: Transaction) => Promise<T>, options?: { maxAttempts?: number }) => {
  await runTransaction(db, update, options);
  return runTransaction(db, update, options);
};

const deps = () => ({ db: admin().db, auth: admin().auth, now: Date.now, inactivityMs: DEFAULT_SESSION_INACTIVITY_DAYS * 86_400_000, transact: committedThenRetried });

describe("a retried call reports the outcome that was asked for", () => {
  it("revokeSession: done, not not-found", async () => {
    const user = await newUser();
    const a = await claim(user.uid);
    const b = await claim(user.uid);
    await expect(revokeSession(deps(), user.uid, a.sid, b.sid)).resolves.toBeUndefined();
    expect(await sessionIds(user.uid)).toEqual([a.sid]);
  });

  it("releaseSession: done", async () => {
    const user = await newUser();
    const a = await claim(user.uid);
    await expect(releaseSession(deps(), user.uid, a.sid, a.sid)).resolves.toBeUndefined();
    expect(await sessionIds(user.uid)).toEqual([]);
  });

  it("claimSession: one session for the device, the one returned", async () => {
    const user = await newUser();
    const result = await claimSession(deps(), user.uid, Date.now(), { deviceId: "retried-device", deviceName: "Laptop" });
    expect(await sessionIds(user.uid)).toEqual([result.sid]);
    expect(result.sessions.map((s) => s.sid)).toEqual([result.sid]);
  });

  it("deleteAccount: done, everything gone", async () => {
    const user = await newUser();
    const a = await claim(user.uid);
    await expect(deleteAccount(deps(), { uid: user.uid, sid: a.sid, proofAt: undefined, ip: "127.0.0.1" })).resolves.toBeUndefined();
    expect(await profileExists(user.uid)).toBe(false);
    // and a retry of the whole call after it finished
    await expect(deleteAccount(deps(), { uid: user.uid, sid: a.sid, proofAt: undefined, ip: "127.0.0.1" })).resolves.toBeUndefined();
  });
});
