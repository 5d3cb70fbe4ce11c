import { onSchedule } from "firebase-functions/v2/scheduler";
import { db } from "../shared/admin.js";
import { DAY_MS, SESSION_INACTIVITY_DAYS, TOMBSTONE_RETENTION_DAYS } from "../shared/config.js";
import { logs } from "../shared/logs.js";
import { sweepExpired } from "./expired.js";
import { sweepStaleSessions } from "./stale-sessions.js";
import { purgeTombstones } from "./tombstones.js";

export const sweepSessions = onSchedule("every 60 minutes", async () => {
  logs.sessionsExpired(await sweepStaleSessions(db(), Date.now(), SESSION_INACTIVITY_DAYS.value() * DAY_MS));
});

export const purgeTrash = onSchedule("every 24 hours", async () => {
  logs.swept("tombstones", await purgeTombstones(db(), Date.now(), TOMBSTONE_RETENTION_DAYS.value() * DAY_MS));
  logs.swept("expired", await sweepExpired(db(), Date.now()));
});
