// The `syncgate` command as users run it (the built bin), against the suite's emulators:
// an import reaches the account's other devices, an export gives back the same file,
// bad input and usage mistakes get clear errors and exit codes, and nothing is written.
import { spawn } from "node:child_process";
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { closeAdmins } from "../harness/admin.js";
import { ClientFleet, functionsAdmin, newAccount, watchUntil } from "../harness/clients.js";
import { uniqueSuffix } from "../harness/emulators.js";

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
    expect(result.stderr).toMatch(/truncated\.json: not imported: not valid JSON at character \d+ of \d+; the file seems cut short/);
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

  it("signup makes an account; one import run takes a directory of files, one line each, and says what it skipped", async () => {
    const username = `cli${uniqueSuffix()}`;
    const user = { email: `${username}@example.test`, password: "cli-pass-123" };
    const signup = await syncgate(["signup", "--email", user.email, "--user", username, "--password", user.password]);
    expect(signup.stderr).toMatch(/signed up as/);
    expect(signup.code).toBe(0);

    const dir = mkdtempSync(join(tmpdir(), "syncgate-import-"));
    copyFileSync(fixturePath, join(dir, "a-shop.json"));
    copyFileSync("test/fixtures/postman/staging.postman_environment.json", join(dir, "b-staging.json"));
    copyFileSync("test/fixtures/postman/globals.json", join(dir, "c-globals.json"));
    writeFileSync(join(dir, "d-old.json"), JSON.stringify({ id: "x", name: "Old", order: [], requests: [] }));
    writeFileSync(join(dir, "e-image.json"), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 1, 2, 3, 0xff, 0xfe]));
    const run = await syncgate(["import", dir], { email: username, password: user.password });
    const lines = run.stderr.split("\n").map((l) => l.split("\r").pop()!.replace(/\x1b\[K/g, "")).filter(Boolean);
    expect(lines).toEqual([
      expect.stringMatching(/^a-shop\.json: imported \d+ item\(s\) as \S+$/),
      expect.stringMatching(/^b-staging\.json: imported 5 item\(s\) as \S+$/),
      "c-globals.json: imported 2 global(s) added, 0 updated",
      expect.stringMatching(/^d-old\.json: not imported: this is a Postman Collection v1 file, .*Collection v2\.1/),
      "e-image.json: not imported: this is not a text (JSON) file: export the file from Postman as JSON and import that",
    ]);
    expect(run.stderr).not.toContain("PNG");
    expect(run.code).toBe(1);

    const again = await syncgate(["import", join(dir, "a-shop.json"), join(dir, "c-globals.json")], { email: username, password: user.password });
    expect(again.stderr).toMatch(/a-shop\.json: skipped: this collection was imported before, as "Shop API": run again with --replace/);
    expect(again.stderr).toMatch(/c-globals\.json: imported 0 global\(s\) added, 0 updated/);
    const replaced = await syncgate(["import", join(dir, "a-shop.json"), "--replace"], { email: username, password: user.password });
    expect(replaced.stderr).toMatch(/replaced \S+, now in the trash/);
    expect(replaced.code).toBe(0);

    const listed = await syncgate(["list"], { email: username, password: user.password });
    expect(listed.stdout.match(/^collection /gm)).toHaveLength(1);
    expect(listed.stdout).toMatch(/^environment \S+  Staging$/m);
    expect(listed.stdout).toMatch(/^global      \S+  tenant$/m);
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
    // what is missing, in the order a user fixes it: the command's own arguments before the credentials
    const noKind = await syncgate(["export"]);
    expect(noKind.code).toBe(2);
    expect(noKind.stderr).toMatch(/^syncgate: export what: collection, environment, globals, run\?/);
    const noName = await syncgate(["export", "collection"]);
    expect(noName.stderr).toMatch(/^syncgate: name the collection to export/);
    const noUser = await syncgate(["export", "globals"]);
    expect(noUser.stderr).toMatch(/^syncgate: missing --user/);
  }, 60_000);
});
