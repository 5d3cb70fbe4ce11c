// `npm run sweeps`: runs the scheduled sweeps once, now, against the emulators started by
// `npm start` (which has no Pub/Sub emulator, so the schedules never fire there): stale
// sessions, tombstones past retention (with their chunks), and expired throttles, mail and
// session end records. With --project and credentials it runs against a real project too.
import { parseArgs } from "node:util";
import { initializeApp } from "firebase-admin/app";
import { getFirestore } from "firebase-admin/firestore";
import { sweepExpired } from "../functions/src/sweeps/expired.js";
import { sweepStaleSessions } from "../functions/src/sweeps/stale-sessions.js";
import { purgeTombstones } from "../functions/src/sweeps/tombstones.js";
import { DEFAULT_SESSION_INACTIVITY_DAYS, DEFAULT_TOMBSTONE_RETENTION_DAYS } from "../schema/index.js";

const DAY = 24 * 60 * 60 * 1000;
const { values } = parseArgs({
  options: {
    project: { type: "string", default: process.env["SYNCGATE_PROJECT_ID"] ?? "demo-syncgate" },
    "retention-days": { type: "string", default: String(DEFAULT_TOMBSTONE_RETENTION_DAYS) },
    "inactivity-days": { type: "string", default: String(DEFAULT_SESSION_INACTIVITY_DAYS) },
  },
});
if (values.project.startsWith("demo-")) process.env["FIRESTORE_EMULATOR_HOST"] ??= "127.0.0.1:8080";

const db = getFirestore(initializeApp({ projectId: values.project }));
const now = Date.now();
const sessions = await sweepStaleSessions(db, now, Number(values["inactivity-days"]) * DAY);
const tombstones = await purgeTombstones(db, now, Number(values["retention-days"]) * DAY);
const expired = await sweepExpired(db, now);
console.log(`swept ${values.project}: ${sessions} stale session(s), ${tombstones} tombstone(s) past retention, ${expired} expired throttle/mail/end record(s)`);
process.exit(0);
