// A complete program on @syncgate/client, against the emulators of `npm start`:
//   npx tsx examples/quickstart.ts
// The package is ESM only: in your own project use "type": "module" (or .mts files).
import { initializeApp } from "firebase/app";
import { createSyncClient } from "@syncgate/client";
import { fileStorage } from "@syncgate/client/node";

// Your project's web config (Firebase console → Project settings → Your apps). The
// emulators take any apiKey; the projectId must be the one they serve.
const app = initializeApp({ projectId: "demo-syncgate", apiKey: "demo-api-key" });

const client = createSyncClient({
  app,
  device: { name: "Quickstart", platform: "node" },
  // talk to `npm start`; leave it out for a real project
  emulators: { auth: "127.0.0.1:9099", firestore: "127.0.0.1:8080", functions: "127.0.0.1:5001" },
  // In Node every run is a new device unless its storage persists; browsers use
  // localStorage by themselves. (A run that crashes keeps its slot until it expires.)
  storage: fileStorage(".syncgate-quickstart.json"),
});
client.onStatusChange((status) => console.log(`status: ${status}`));

const username = `demo${Date.now().toString(36)}`;
await client.signUp({ email: `${username}@example.test`, username, password: "correct-horse-9" }); // signs in too

// A request lives in a collection: create that first. Writes return at once and sync when they can.
const collectionId = client.collections.create({ name: "Payments API" });
const requestId = client.requests.create({
  collectionId,
  folderId: null,
  name: "Login",
  method: "POST",
  url: { raw: "{{base}}/login" },
  headers: [{ key: "Content-Type", value: "application/json" }],
  order: 1,
});
client.requests.update(requestId, { method: "PUT" }); // sends only the changed field

await client.awaitInSync(); // scripts may wait; a UI never needs to
for (const r of client.requests.list({ where: { collectionId } })) console.log(`${r.method} ${r.name}`);

await client.signOut(); // releases the session and wipes this device's copy
process.exit(0);
