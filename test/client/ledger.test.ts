// The device's billing ledger (client.metrics) counts what Firestore and Cloud Functions
// bill that the entity stores do not see: the session heartbeat (a write, never read
// back: the device watches its session's end record, not its session document) and
// callable invocations.
import { afterAll, afterEach, expect, it } from "vitest";
import { closeAdmins } from "../harness/admin.js";
import { ClientFleet, functionsAdmin, newAccount } from "../harness/clients.js";
import { waitUntil } from "../harness/wait.js";

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
  // an empty account: the listeners' first answers are all that is read (the session's end
  // record, absent, counts one), however many beats follow
  await waitUntil("two beats", () => a.metrics.documentsWritten >= 2, 15_000);
  expect(a.metrics.documentsFromServer).toBe(1);
  await waitUntil("the beats to reach the server", async () => (await session.get()).get("lastSeenAt").toMillis() > claimedSeenAt);
  await a.signOut();
  expect(a.metrics.callables).toBe(2); // and releaseSession
});
