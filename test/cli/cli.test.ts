// The `syncgate` command as users run it (the built bin), against the suite's emulators:
// an import reaches the account's other devices, an export gives back the same file,
// bad input and usage mistakes get clear errors and exit codes, and nothing is written.
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { closeAdmins } from "../harness/admin.js";
import { ClientFleet, functionsAdmin, newAccount, watchUntil } from "../harness/clients.js";

const fleet = new ClientFleet();
afterAll(async () => {
  await fleet.closeAll();
  await closeAdmins();
});

const home = mkdtempSync(join(tmpdir(), "syncgate-cli-home-"));
const fixturePath = "test/fixtures/postman/shop-v2.1.json";

function syncgate(args: string[], user?: { email: string; password: string }): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["client/bin/syncgate.js", ...args], {
      // its own HOME: the CLI keeps its device id under ~/.config/syncgate
      env: { ...process.env, HOME: home, ...(user ? { SYNCGATE_USER: user.email, SYNCGATE_PASSWORD: user.password } : {}) },
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("exit", (code) => resolve({ code, stdout, stderr }));
  });
}

describe("the syncgate CLI", () => {
  it("imports a collection that another device sees at once, and exports it back equal to the file", async () => {
    const user = await newAccount();
    const app = await fleet.start({ name: "App" });
    await app.signIn({ identifier: user.email, password: user.password });

    const imported = await syncgate(["import", fixturePath], user);
    expect(imported.stderr).toMatch(/imported \d+ item\(s\) as \S+/);
    expect(imported.code).toBe(0);
    const [collection] = await watchUntil(app.collections, "the imported collection", (xs) => xs.length === 1);
    expect(collection!.name).toBe("Shop API");

    const out = join(home, "export.json");
    const exported = await syncgate(["export", "collection", "Shop API", "--out", out], user);
    expect(exported.code).toBe(0);
    expect(JSON.parse(readFileSync(out, "utf8"))).toEqual(JSON.parse(readFileSync(fixturePath, "utf8")));
    // each run released its session: the account has only the app's
    const sessions = await functionsAdmin().db.collection(`users/${user.uid}/sessions`).get();
    expect(sessions.docs.map((d) => d.get("deviceName"))).toEqual(["App"]);
  }, 120_000);

  it("a bad file gets the importer's error and exit code 1, and writes nothing", async () => {
    const user = await newAccount();
    const bad = join(home, "truncated.json");
    writeFileSync(bad, readFileSync(fixturePath, "utf8").slice(0, 300));
    const result = await syncgate(["import", bad], user);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^syncgate: .*not valid JSON/m);
    const written = await functionsAdmin().db.doc(`users/${user.uid}`).listCollections();
    // only session bookkeeping: the CLI's session and the record of its release
    expect(written.map((c) => c.id).filter((id) => id !== "sessions" && id !== "sessionEnds")).toEqual([]);
  }, 60_000);

  it("a script may run it many times in a row by username: only failed sign-ins count toward the throttle", async () => {
    const user = await newAccount();
    for (let run = 0; run < 12; run++) {
      const listed = await syncgate(["list"], { email: user.username, password: user.password });
      expect(listed.stderr, `run ${run + 1}`).not.toMatch(/too many/);
      expect(listed.code, `run ${run + 1}`).toBe(0);
    }
  }, 120_000);

  it("usage mistakes and wrong passwords get clear messages", async () => {
    const user = await newAccount();
    const usage = await syncgate(["frobnicate"], user);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toMatch(/unknown command "frobnicate"[\s\S]*usage:/);
    const wrong = await syncgate(["list"], { email: user.email, password: "not-the-password-1" });
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toMatch(/wrong username, email or password/);
    const missing = await syncgate(["export", "collection", "Nope"], user);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/no collection "Nope"/);
  }, 60_000);
});
