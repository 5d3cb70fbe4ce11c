// The device's billing ledger (client.metrics) counts what Firestore and Cloud Functions
// bill that the entity stores do not see: the session heartbeat (a write, and its echo
// on the session listener) and callable invocations.
import { afterAll, afterEach, expect, it } from "vitest";
import { closeAdmins } from "../harness/admin.js";
import { ClientFleet, functionsAdmin, newAccount } from "../harness/clients.js";
import { waitUntil } from "../harness/wait.js";

const fleet = new ClientFleet();
afterEach(() => fleet.closeAll());
afterAll(closeAdmins);

it("heartbeats count as a write and a read each, callables as invocations", async () => {
  const user = await newAccount();
  const a = await fleet.start({ name: "Beating", heartbeatMs: 1_500 });
  await a.signIn({ identifier: user.email, password: user.password });
  expect(a.metrics.callables).toBe(1); // claimSession
  await a.awaitInSync();
  const session = functionsAdmin().db.doc(`users/${user.uid}/sessions/${a.sessionId}`);
  const claimedSeenAt = (await session.get()).get("lastSeenAt").toMillis() as number;
  // an empty account: the session document is all the listeners receive, once, then each beat's echo
  await waitUntil("two beats and their echoes", () => a.metrics.documentsWritten >= 2 && a.metrics.documentsFromServer === 1 + a.metrics.documentsWritten, 15_000);
  expect((await session.get()).get("lastSeenAt").toMillis()).toBeGreaterThan(claimedSeenAt);
  await a.signOut();
  expect(a.metrics.callables).toBe(2); // and releaseSession
});
