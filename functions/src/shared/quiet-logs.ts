// firebase-functions logs "Callable request verification passed" at DEBUG on every call
// (a line per call in the emulator's output, a billed log entry per call in production).
// Failed verifications are still logged, at WARN/ERROR. This must load before
// firebase-functions, which keeps its own reference to console.debug: it does when the
// functions runtime loads our bundle first, as in production; the emulator loads
// firebase-functions itself first, so scripts/emulators.mjs drops the line there.
const debug = console.debug.bind(console);
console.debug = (...args: unknown[]) => {
  const [first] = args;
  if (typeof first === "string" && first.includes('"callable-request-verification"') && first.includes("verification passed")) return;
  debug(...args);
};
