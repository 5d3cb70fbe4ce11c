// Now and then the Node gRPC transport reports a Listen message "larger than max" with a
// random size (a mis-framed HTTP/2 stream between grpc-js and the emulator; seen with
// grpc-js 1.9 and 1.14, with and without our proxies). Firestore then backs off for up to a
// minute. Tests and benchmarks are about sync, not that transport defect: whoever holds
// devices subscribes here and reconnects them at once.
//
// One log handler for the process: Firebase's onLog replaces the previous handler, so two
// fleets each calling it would silently leave all but the last unprotected.
import { onLog } from "firebase/app";

const reactions = new Set<() => void>();
let struck = 0;

onLog(
  ({ message }) => {
    if (!message.includes("Received message larger than max")) return;
    struck++;
    for (const react of reactions) react();
  },
  { level: "warn" },
);

/** Runs `react` each time the defect strikes; returns the unsubscribe. */
export function onTransportDefect(react: () => void): () => void {
  reactions.add(react);
  return () => reactions.delete(react);
}

/** How many times the defect has struck in this process. */
export function transportDefectCount(): number {
  return struck;
}
