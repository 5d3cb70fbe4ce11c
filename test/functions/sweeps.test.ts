// Stale-session expiry and tombstone purge, run against the Firestore emulator with an
// injected clock (no sleeping). This file has its own project id: the sweeps scan
// collection groups, so they must not see other files' data.
import { spawn } from "node:child_process";
import { Timestamp } from "firebase-admin/firestore";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { claimSession } from "../../functions/src/sessions/claim.js";
import { sweepExpired } from "../../functions/src/sweeps/expired.js";
import { sweepStaleSessions } from "../../functions/src/sweeps/stale-sessions.js";
import { purgeTombstones } from "../../functions/src/sweeps/tombstones.js";
import { DEFAULT_SESSION_INACTIVITY_DAYS, DEFAULT_TOMBSTONE_RETENTION_DAYS, type EntityKind } from "../../schema/index.js";
import { adminFor, clearFirestore, closeAdmins } from "../harness/admin.js";
import { projectIdFor } from "../harness/emulators.js";
import { entityData } from "../harness/factories.js";

const projectId = projectIdFor(import.meta.url);
const { db, auth } = adminFor(projectId);
const DAY = 24 * 60 * 60 * 1000;
const NOW = Date.UTC(2026, 10, 29);
const inactivityMs = DEFAULT_SESSION_INACTIVITY_DAYS * DAY;
const retentionMs = DEFAULT_TOMBSTONE_RETENTION_DAYS * DAY;

beforeEach(() => clearFirestore(projectId));
afterAll(closeAdmins);

async function session(uid: string, sid: string, lastSeenDaysAgo: number) {
  const t = Timestamp.fromMillis(NOW - lastSeenDaysAgo * DAY);
  await db.doc(`users/${uid}/sessions/${sid}`).set({ deviceId: `device-${sid}`, deviceName: sid, platform: "test", createdAt: t, lastSeenAt: t });
}

async function entity(uid: string, kind: EntityKind, id: string, deleted: boolean, daysAgo: number) {
  await db.doc(`users/${uid}/${kind}/${id}`).set({
    ...entityData(kind),
    rev: 2,
    updatedBy: "s",
    deleted,
    updatedAt: Timestamp.fromMillis(NOW - daysAgo * DAY),
  });
}

const ids = async (path: string) => (await db.collection(path).get()).docs.map((d) => d.id).sort();

describe("stale sessions", () => {
  it("the sweep removes sessions silent for longer than the inactivity period and keeps the rest", async () => {
    await session("u1", "old", 31);
    await session("u1", "recent", 29);
    await session("u2", "old2", 90);
    expect(await sweepStaleSessions(db, NOW, inactivityMs)).toBe(2);
    expect(await ids("users/u1/sessions")).toEqual(["recent"]);
    expect(await ids("users/u2/sessions")).toEqual([]);
    // each leaves the record of why it ended, as every other way a session ends does
    expect((await db.doc("users/u1/sessionEnds/old").get()).get("cause")).toBe("expired");
    expect(await ids("users/u1/sessionEnds")).toEqual(["old"]);
  });

  it("a stale session does not count toward the limit in claimSession, and is removed there", async () => {
    await db.doc("users/u3").set({ username: "u3", createdAt: Timestamp.fromMillis(NOW - 90 * DAY) });
    await session("u3", "a", 1);
    await session("u3", "b", 2);
    await session("u3", "stale", 45);
    const res = await claimSession({ db, auth, now: () => NOW, inactivityMs }, "u3", NOW, { deviceId: "device-new1", deviceName: "New" });
    expect(res.sessions).toHaveLength(3);
    const left = await ids("users/u3/sessions");
    expect(left).toHaveLength(3);
    expect(left).not.toContain("stale");
  });

  it("a shorter configured period expires sooner", async () => {
    await session("u4", "s", 3);
    expect(await sweepStaleSessions(db, NOW, 2 * DAY)).toBe(1);
  });
});

describe("expired bookkeeping", () => {
  it("throttle counters, queued mail and session end records past expiresAt go; the rest stays", async () => {
    const at = (daysFromNow: number) => ({ expiresAt: Timestamp.fromMillis(NOW + daysFromNow * DAY) });
    await db.doc("throttles/old").set({ count: 3, ...at(-1) });
    await db.doc("throttles/current").set({ count: 1, ...at(1) });
    await db.doc("mail/sent-long-ago").set({ to: "a@example.test", message: { subject: "s", text: "t" }, ...at(-2) });
    await db.doc("mail/recent").set({ to: "b@example.test", message: { subject: "s", text: "t" }, ...at(5) });
    await db.doc("users/u9/sessionEnds/gone").set({ cause: "revoked", ...at(-3) });
    await db.doc("users/u9/sessionEnds/kept").set({ cause: "released", ...at(3) });
    expect(await sweepExpired(db, NOW)).toBe(3);
    expect(await ids("throttles")).toEqual(["current"]);
    expect(await ids("mail")).toEqual(["recent"]);
    expect(await ids("users/u9/sessionEnds")).toEqual(["kept"]);
  });
});

describe("npm run sweeps", () => {
  it("runs every sweep once against the emulator (no Pub/Sub there), and says what it removed", async () => {
    await session("u5", "stale", 45);
    await entity("u5", "requests", "old", true, 400);
    await db.doc("throttles/spent").set({ count: 9, expiresAt: Timestamp.fromMillis(Date.now() - DAY) });
    const { stdout, code } = await new Promise<{ stdout: string; code: number | null }>((resolve) => {
      const child = spawn(process.execPath, ["--import", "tsx", "scripts/run-sweeps.ts", "--project", projectId], { env: process.env });
      let out = "";
      child.stdout.on("data", (d: Buffer) => (out += d.toString()));
      child.on("exit", (c) => resolve({ stdout: out, code: c }));
    });
    expect(code).toBe(0);
    expect(stdout).toMatch(/1 stale session\(s\), 1 tombstone\(s\) past retention, [1-9]\d* expired/);
    expect(await ids("users/u5/sessions")).toEqual([]);
    expect(await ids("users/u5/requests")).toEqual([]);
    expect(await ids("throttles")).toEqual([]);
  }, 60_000);
});

describe("tombstone purge", () => {
  it("purges tombstones older than the retention, with their chunks; keeps live and recent ones", async () => {
    await entity("u1", "requests", "gone", true, 31);
    await entity("u1", "requests", "trash", true, 5);
    await entity("u1", "requests", "live", false, 400);
    await entity("u1", "responses", "bigGone", true, 60);
    await entity("u2", "globals", "g", true, 45);
    for (const i of [0, 1]) {
      await db.doc(`users/u1/chunks/blob1_${i}`).set({ blobId: "blob1", ownerKind: "responses", ownerId: "bigGone", index: i, count: 2, data: "x" });
    }
    await db.doc("users/u1/chunks/other_0").set({ blobId: "other", ownerKind: "responses", ownerId: "kept", index: 0, count: 1, data: "y" });

    expect(await purgeTombstones(db, NOW, retentionMs)).toBe(3);
    expect(await ids("users/u1/requests")).toEqual(["live", "trash"]);
    expect(await ids("users/u1/responses")).toEqual([]);
    expect(await ids("users/u2/globals")).toEqual([]);
    expect(await ids("users/u1/chunks")).toEqual(["other_0"]);
  });
});
