// Finds a locally installed Cloud Firestore emulator JAR so the emulators start on
// machines without internet. firebase-tools normally downloads the JAR on first use;
// when FIRESTORE_EMULATOR_BINARY_PATH is set it runs that file with `java -jar` instead.
// The JAR shipped by the Google Cloud CLI has no Main-Class, so we build a tiny launcher
// JAR (manifest only) that names the main class and puts the real JAR on its class path.
import { existsSync, mkdirSync, writeFileSync, readFileSync, realpathSync } from "node:fs";
import { execFileSync } from "node:child_process";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const MAIN_CLASS = "com.google.cloud.datastore.emulator.firestore.CloudFirestore";
const JAR_NAME = "cloud-firestore-emulator.jar";

function gcloudSdkRoots() {
  const roots = [process.env.CLOUDSDK_ROOT_DIR, "/usr/lib/google-cloud-sdk", "/usr/share/google-cloud-sdk", "/opt/google-cloud-sdk"];
  try {
    const gcloud = execFileSync("sh", ["-c", "command -v gcloud"], { encoding: "utf8" }).trim();
    if (gcloud) roots.push(resolve(dirname(realpathSync(gcloud)), ".."));
  } catch {
    // no gcloud on PATH
  }
  return roots.filter(Boolean);
}

/** Candidate JARs in order of preference: explicit, Google Cloud CLI, the team's shared copy. */
export function candidateJars() {
  return [
    process.env.SYNCGATE_FIRESTORE_JAR,
    ...gcloudSdkRoots().map((r) => join(r, "platform", "cloud-firestore-emulator", JAR_NAME)),
    resolve(root, "..", "shared", "firestore-emulator", JAR_NAME),
  ].filter(Boolean);
}

/**
 * Sets FIRESTORE_EMULATOR_BINARY_PATH to a launcher for a local JAR, unless the caller
 * already set it. Returns a short description of what was chosen, for the log.
 */
export function useLocalFirestoreEmulator(env = process.env) {
  if (env.FIRESTORE_EMULATOR_BINARY_PATH) return `FIRESTORE_EMULATOR_BINARY_PATH=${env.FIRESTORE_EMULATOR_BINARY_PATH} (preset)`;
  const jar = candidateJars().find((p) => existsSync(p));
  if (!jar) return "no local Firestore emulator JAR found: firebase-tools will download its own";
  const cacheDir = join(root, ".cache", "firestore-emulator");
  mkdirSync(cacheDir, { recursive: true });
  const launcher = join(cacheDir, "launcher.jar");
  const manifest = `Main-Class: ${MAIN_CLASS}\nClass-Path: ${pathToFileURL(jar).href}\n`;
  const manifestFile = join(cacheDir, "manifest.txt");
  const stale = !existsSync(launcher) || !existsSync(manifestFile) || readFileSync(manifestFile, "utf8") !== manifest;
  if (stale) {
    writeFileSync(manifestFile, manifest);
    execFileSync("jar", ["cfm", launcher, manifestFile], { stdio: "inherit" });
  }
  env.FIRESTORE_EMULATOR_BINARY_PATH = launcher;
  return `Firestore emulator: ${jar}`;
}
