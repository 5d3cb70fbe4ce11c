// Where and how big every function runs, from params (functions/.env or the deploy
// prompt), so a flood of calls costs a bounded amount: at most MAX_INSTANCES instances of
// each function, each one vCPU and MEMORY_MB, serving CONCURRENCY calls at once. Imported
// before any function is defined.
import { setGlobalOptions } from "firebase-functions/v2";
import { defineBoolean, defineInt, defineString } from "firebase-functions/params";

export const REGION = defineString("FUNCTIONS_REGION", { default: "us-central1", description: "Region of every function (the SDK's functionsRegion must match)" });
export const MAX_INSTANCES = defineInt("MAX_INSTANCES", { default: 10, description: "Most instances of each function at once: the cap on what a flood can cost" });
export const CONCURRENCY = defineInt("CONCURRENCY", { default: 80, description: "Calls one instance serves at once" });
export const MEMORY_MB = defineInt("MEMORY_MB", { default: 512, description: "Memory of each instance, in MiB" });
export const ENFORCE_APP_CHECK = defineBoolean("ENFORCE_APP_CHECK", {
  default: false,
  description: "Refuse callable requests without a valid App Check token (turn on once every app sends one)",
});

setGlobalOptions({ region: REGION, maxInstances: MAX_INSTANCES, concurrency: CONCURRENCY, memory: MEMORY_MB, cpu: 1, timeoutSeconds: 60 });
