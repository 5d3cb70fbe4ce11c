// The device's billing ledger (client.metrics) counts what Firestore and Cloud Functions
// bill that the entity stores do not see: the session heartbeat (a write, never read
// back: the device watches its session's end record, not its session document) and
// callable invocations; and it agrees with what a meter counts on the wire.
import { afterAll, afterEach, expect, it } from "vitest";
import { closeAdmins } from "../harness/admin.js";
import { ClientFleet, functionsAdmin, newAccount } from "../harness/clients.js";
import { waitUntil } from "../harness/wait.js";
import { FIRESTORE, FUNCTIONS } from "../harness/emulators.js";
import { WireMeter, type WireCounts } from "../harness/wire-meter.js";
import { entityData } from "../harness/factories.js";

const fleet = new ClientFleet();
afterEach(() => fleet.closeAll());
afterAll(closeAdmins);

it("heartbeats count as a write each and are never read back; callables count as invocations", async () => {
  const user = await newAccount();
  const a = await fleet.start({ name: "Beating", heartbeatMs: 1_500 });
  await a.signIn({ identifier: user.email, password: user.password });
  expect(a.metrics.callables).toBe(1); // claimSession
  await a.awaitInSync();
  const session = functionsAdmin().db.doc(`users/${user.uid}/sessions/${a.sessionId}`);
  const claimedSeenAt = (await session.get()).get("lastSeenAt").toMillis() as number;
  // an empty account: the listeners deliver no document (the session's end record is
  // absent), however many beats follow
  await waitUntil("two beats", () => a.metrics.documentsWritten >= 2, 15_000);
  expect(a.metrics.documentsFromServer).toBe(0);
  await waitUntil("the beats to reach the server", async () => (await session.get()).get("lastSeenAt").toMillis() > claimedSeenAt);
  await a.signOut();
  expect(a.metrics.callables).toBe(2); // and releaseSession
});

/** Waits until the wire has not moved for a while: everything in flight has landed. */
async function quiet(meter: WireMeter): Promise<WireCounts> {
  let last = "";
  // unchanged across one 1.5 s poll
  await waitUntil(
    "the wire to fall quiet",
    () => {
      const now = JSON.stringify(meter.counts);
      const still = now === last;
      last = now;
      return still;
    },
    30_000,
    1_500,
  );
  return { ...meter.counts };
}

it("agrees with the operations a meter counts on the wire: listeners, reads, writes, heartbeats, audits, callables", async () => {
  const meter = await WireMeter.start(FIRESTORE, FUNCTIONS);
  try {
    const user = await newAccount();
    const a = await fleet.start({ name: "Metered", meter, heartbeatMs: 2_000, audit: { afterSyncMs: 300, minGapMs: 0, intervalMs: 2_500, confirmMs: 3_000 } });
    const b = await fleet.start({ name: "Other" });
    await a.signIn({ identifier: user.email, password: user.password });
    await b.signIn({ identifier: user.email, password: user.password });
    await a.awaitInSync();
    // the other device's writes reach A's listeners
    const collectionId = b.collections.create(entityData("collections"));
    for (let i = 0; i < 4; i++) b.requests.create({ ...entityData("requests"), collectionId, folderId: null, order: i });
    // A's own writes, some edited again
    const presets = [0, 1, 2].map(() => a.headerPresets.create(entityData("headerPresets")));
    a.headerPresets.update(presets[0]!, { name: "edited once" });
    a.headerPresets.update(presets[0]!, { name: "edited twice" });
    await b.awaitInSync();
    await waitUntil("A to hold B's requests", () => a.requests.list().length === 4);
    expect((await a.listSessions()).length).toBe(2);
    await waitUntil("heartbeats and audit passes", () => a.metrics.documentsWritten >= 5 + 2 && a.metrics.audits >= 2, 20_000);

    // the app closes (its timers and listeners stop, its writes are flushed): both counts are final
    await a.awaitInSync();
    await a.dispose();
    const wire = await quiet(meter);
    const ledger = a.metrics;
    expect(wire.listenDocuments).toBeGreaterThanOrEqual(5);
    expect(wire.writes).toBeGreaterThanOrEqual(7);
    expect(wire.aggregationQueries).toBeGreaterThanOrEqual(9 * 2);
    expect({
      fromServer: ledger.documentsFromServer,
      written: ledger.documentsWritten,
      aggregationReads: ledger.aggregationReads,
      callables: ledger.callables,
    }).toEqual({
      fromServer: wire.listenDocuments + wire.readDocuments,
      written: wire.writes,
      // an aggregation over fewer than 1,000 index entries is billed one read
      aggregationReads: wire.aggregationQueries,
      callables: wire.callables,
    });
  } finally {
    await meter.close();
  }
});
