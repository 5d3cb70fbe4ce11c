// Loads firestore.rules into the running Firestore emulator's rules endpoint, which
// compiles them: exits non-zero with the compiler's errors when they do not compile.
import { readFileSync } from "node:fs";

const host = process.env.FIRESTORE_EMULATOR_HOST ?? "127.0.0.1:8080";
const res = await fetch(`http://${host}/emulator/v1/projects/demo-rules-check:securityRules`, {
  method: "PUT",
  headers: { "content-type": "application/json" },
  body: JSON.stringify({ rules: { files: [{ name: "firestore.rules", content: readFileSync("firestore.rules", "utf8") }] } }),
});
if (!res.ok) {
  console.error(await res.text());
  process.exit(1);
}
