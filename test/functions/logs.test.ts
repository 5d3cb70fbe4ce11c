// The functions' log events for a whole account's story, captured where they are written:
// each is a named event with uid and sid where they apply, and no email address,
// username or IP ever appears in clear (a keyed hash stands in for them).
import { afterAll, beforeAll, expect, it } from "vitest";
import { createAccount } from "../../functions/src/accounts/create.js";
import { deleteAccount } from "../../functions/src/accounts/delete.js";
import { recoverUsername } from "../../functions/src/accounts/recovery.js";
import { claimSession } from "../../functions/src/sessions/claim.js";
import { releaseSession, revokeSession } from "../../functions/src/sessions/end.js";
import { logSink, redact, type LogLevel } from "../../functions/src/shared/logs.js";
import { takeAttempt } from "../../functions/src/shared/throttle.js";
import { DEFAULT_SESSION_INACTIVITY_DAYS } from "../../schema/index.js";
import { functionsAdmin } from "../harness/accounts.js";
import { closeAdmins } from "../harness/admin.js";
import { uniqueSuffix } from "../harness/emulators.js";

type Captured = { level: LogLevel; name: string; fields: Record<string, unknown> };
const captured: Captured[] = [];
const write = logSink.write;
beforeAll(() => {
  logSink.write = (level, name, fields) => void captured.push({ level, name, fields });
});
afterAll(async () => {
  logSink.write = write;
  await closeAdmins();
});

it("an account's life as log events, with nothing identifying in clear", async () => {
  const { db, auth } = functionsAdmin();
  const username = `logs${uniqueSuffix()}`;
  const email = `${username}@example.test`;
  const ip = "203.0.113.99";
  const deps = { db, auth, now: Date.now, inactivityMs: DEFAULT_SESSION_INACTIVITY_DAYS * 86_400_000 };
  const device = (deviceId: string) => ({ deviceId, deviceName: deviceId });

  const { uid } = await createAccount({ db, auth, perIpLimit: 1000 }, { email, username, password: "log-pass-123" }, ip);
  const a = await claimSession(deps, uid, Date.now(), device("device-aaaa"));
  const b = await claimSession(deps, uid, Date.now(), device("device-bbbb"));
  const c = await claimSession(deps, uid, Date.now(), device("device-cccc"));
  await expect(claimSession(deps, uid, Date.now(), device("device-dddd"))).rejects.toMatchObject({ code: "resource-exhausted" });
  const a2 = await claimSession(deps, uid, Date.now(), device("device-aaaa"));
  await revokeSession(deps, uid, b.sid, c.sid);
  await releaseSession(deps, uid, b.sid, b.sid);
  await recoverUsername({ db, auth, appName: "syncgate" }, email, ip);
  const policy = { scope: "test:logs", limit: 1, windowMs: 60_000 };
  await takeAttempt(db, policy, email);
  await takeAttempt(db, policy, email);
  await deleteAccount(deps, { uid, sid: a2.sid, proofAt: Date.now(), ip });

  const events = captured.map((e) => e.name);
  expect(events).toEqual([
    "account.created",
    "session.claimed",
    "session.claimed",
    "session.claimed",
    "session.limit-reached",
    "session.replaced",
    "session.claimed",
    "session.revoked",
    "session.released",
    "recovery.requested",
    "throttle.hit",
    "account.deleted",
  ]);
  const byName = (name: string) => captured.filter((e) => e.name === name).map((e) => e.fields);
  expect(byName("account.created")[0]).toEqual({ event: "account.created", uid });
  expect(byName("session.claimed")[0]).toEqual({ event: "session.claimed", uid, sid: a.sid, active: 1 });
  expect(byName("session.limit-reached")[0]).toMatchObject({ uid, active: 3 });
  expect(captured.find((e) => e.name === "session.limit-reached")?.level).toBe("warn");
  expect(byName("session.replaced")[0]).toEqual({ event: "session.replaced", uid, sid: a.sid, by: a2.sid });
  expect(byName("session.revoked")[0]).toEqual({ event: "session.revoked", uid, sid: c.sid, by: b.sid });
  expect(byName("session.released")[0]).toEqual({ event: "session.released", uid, sid: b.sid, by: b.sid });
  expect(byName("recovery.requested")[0]).toEqual({ event: "recovery.requested", kind: "username", identifier: redact(email) });
  expect(byName("throttle.hit")[0]).toEqual({ event: "throttle.hit", scope: "test:logs", key: redact(email) });
  expect(byName("account.deleted")[0]).toEqual({ event: "account.deleted", uid, how: "callable" });
  for (const secret of [email, username, ip]) expect(JSON.stringify(captured)).not.toContain(secret);
  expect(redact(email)).toMatch(/^h:[0-9a-f]{12}$/);
  expect(redact(email.toUpperCase())).toBe(redact(email)); // one address, one stand-in
});
