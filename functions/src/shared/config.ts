// Deploy-time settings (functions/.env or the deploy prompt); defaults from schema/.
import { defineInt } from "firebase-functions/params";
import { DEFAULT_SESSION_INACTIVITY_DAYS, DEFAULT_TOMBSTONE_RETENTION_DAYS } from "../../../schema/index.js";

export const SESSION_INACTIVITY_DAYS = defineInt("SESSION_INACTIVITY_DAYS", {
  default: DEFAULT_SESSION_INACTIVITY_DAYS,
  description: "Days without a heartbeat after which a device session no longer counts and is removed",
});
export const TOMBSTONE_RETENTION_DAYS = defineInt("TOMBSTONE_RETENTION_DAYS", {
  default: DEFAULT_TOMBSTONE_RETENTION_DAYS,
  description: "Days a deleted entity stays in the trash before it is purged",
});

export const DAY_MS = 24 * 60 * 60 * 1000;
export const SIGN_UPS_PER_IP_PER_HOUR = defineInt("SIGN_UPS_PER_IP_PER_HOUR", {
  default: 50,
  description: "Accounts one caller IP may create per hour (refused sign-ups have their own, smaller budget)",
});
