// The account's signed-in apps (at most three): name, platform, when signed in, last seen,
// this device marked; sign another one out; delete the account (asks for the password).
import type { SessionInfo } from "@syncgate/client";
import { useCallback, useEffect, useState } from "react";
import { client } from "../firebase.js";
import { useNotices } from "../ui/actions.js";

const REFRESH_MS = 30_000;

function ago(ms: number): string {
  const s = Math.max(0, Math.round((Date.now() - ms) / 1000));
  if (s < 60) return "just now";
  if (s < 3600) return `${Math.round(s / 60)} min ago`;
  if (s < 86_400) return `${Math.round(s / 3600)} h ago`;
  return new Date(ms).toLocaleDateString();
}

export function DevicesScreen() {
  const { run } = useNotices();
  const [sessions, setSessions] = useState<SessionInfo[] | undefined>();
  const load = useCallback(() => void run(async () => setSessions(await client.listSessions())), [run]);
  useEffect(() => {
    load();
    const timer = setInterval(load, REFRESH_MS);
    return () => clearInterval(timer);
  }, [load]);
  return (
    <section>
      <h2>Devices</h2>
      {!sessions ? (
        <progress />
      ) : (
        <ul id="devices">
          {sessions.map((s) => {
            const here = s.sid === client.sessionId;
            return (
              <li key={s.sid} data-session={s.sid} className={here ? "this-device" : ""}>
                <b>{s.deviceName}</b> {here && <span className="tag">this device</span>}{" "}
                <small>
                  {s.platform}, signed in {new Date(s.createdAt).toLocaleString()}, last seen <time dateTime={new Date(s.lastSeenAt).toISOString()}>{here ? "now" : ago(s.lastSeenAt)}</time>
                </small>{" "}
                {!here && (
                  <button data-revoke={s.sid} onClick={() => void run(async () => (await client.revokeSession(s.sid), load()))}>
                    Sign out this device
                  </button>
                )}
              </li>
            );
          })}
        </ul>
      )}
      <p>
        <button onClick={load}>Refresh</button>{" "}
        <button
          className="danger"
          data-delete-account
          onClick={() => {
            const password = prompt("Deleting your account removes everything on every device. Enter your password to confirm:");
            if (password) void run(() => client.deleteAccount({ password }));
          }}
        >
          Delete account…
        </button>
      </p>
    </section>
  );
}
