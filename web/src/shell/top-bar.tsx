// The top bar: the status to the left of the user's name, as the product describes it,
// with the pending count and a tooltip that says what the state means; then sign-out.
import { STATUS_LABELS, UnsyncedChangesError, type StatusSnapshot } from "@syncgate/client";
import { useSyncStatus, useUser } from "@syncgate/client/react";
import { useSyncExternalStore } from "react";
import { client } from "../firebase.js";
import { forgetLocalValues } from "../ui/local-values.js";
import { useNotices } from "../ui/actions.js";

const subscribeOnline = (notify: () => void) => {
  addEventListener("online", notify);
  addEventListener("offline", notify);
  return () => {
    removeEventListener("online", notify);
    removeEventListener("offline", notify);
  };
};
const useOnline = () => useSyncExternalStore(subscribeOnline, () => navigator.onLine);

export function explainStatus(s: StatusSnapshot, online: boolean): string {
  switch (s.status) {
    case "IN_SYNC":
      return `Everything is saved on the server${s.lastSyncedAt ? ` (as of ${s.lastSyncedAt.toLocaleTimeString()})` : ""}.${s.waiting ? ` ${s.waiting} item(s) wait for a newer server version.` : ""}`;
    case "SYNCING":
      return s.pendingWrites ? `Sending ${s.pendingWrites} change(s) to the server.` : "Receiving changes from the server.";
    case "CONNECTING":
      return `${online ? "Trying to reach the server." : "This browser is offline."} Your edits are kept on this device and sync when the connection is back.`;
    case "OFFLINE":
      return "Signed out: nothing syncs.";
  }
}

export function TopBar() {
  const snapshot = useSyncStatus();
  const user = useUser();
  const online = useOnline();
  const { run } = useNotices();
  const signOut = () =>
    run(async () => {
      try {
        await client.signOut();
      } catch (e) {
        if (!(e instanceof UnsyncedChangesError)) throw e;
        if (!confirm(`${e.changes.length} change(s) are not synced yet. Sign out and lose them?`)) return;
        await client.signOut({ force: true });
      }
      forgetLocalValues();
    });
  return (
    <header className="top-bar">
      <strong className="brand">syncgate</strong>
      <span className="spacer" />
      <span className="sync" title={explainStatus(snapshot, online)}>
        <span id="status" data-status={snapshot.status} aria-live="polite">
          {STATUS_LABELS[snapshot.status]}
        </span>
        {snapshot.status === "CONNECTING" && !online && <small className="hint"> no network</small>}
        <small id="pending">{snapshot.pendingWrites ? ` · ${snapshot.pendingWrites} pending` : ""}</small>
      </span>
      {user && (
        <>
          <span id="user-name">{user.username ?? user.email}</span>
          <button id="sign-out" onClick={() => void signOut()}>
            Sign out
          </button>
        </>
      )}
    </header>
  );
}
