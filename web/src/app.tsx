// The app's frame: signed out, the account screens (or the three-app limit); signed in,
// the top bar, the sidebar with the collection tree and the main pane's tabs.
import { SessionLimitError } from "@syncgate/client";
import { useSyncStatus } from "@syncgate/client/react";
import { useEffect, useState } from "react";
import { client } from "./firebase.js";
import { AccountScreen, LimitScreen } from "./screens/accounts.js";
import { Workspace } from "./shell/workspace.js";
import { TopBar } from "./shell/top-bar.js";
import { forgetLocalValues } from "./ui/local-values.js";
import { MessageLine, NoticeProvider, useNotices } from "./ui/actions.js";

function Frame() {
  const { status } = useSyncStatus();
  const { setMessage } = useNotices();
  const [limit, setLimit] = useState<SessionLimitError | undefined>();
  useEffect(
    () =>
      client.onSessionEnded((reason, { heldEdits }) => {
        forgetLocalValues();
        if (reason === "revoked")
          setMessage(`This device was signed out (from another device, or its session ended).${heldEdits ? ` ${heldEdits} unsynced edit(s) are kept, sealed, until you sign in again.` : ""} Enter your password to sign in again.`);
      }),
    [setMessage],
  );
  return (
    <>
      <TopBar />
      {limit ? (
        <LimitScreen limit={limit} done={() => setLimit(undefined)} />
      ) : status === "OFFLINE" ? (
        <main className="signed-out">
          <MessageLine />
          <AccountScreen onLimit={setLimit} />
        </main>
      ) : (
        <Workspace />
      )}
    </>
  );
}

export function App() {
  return (
    <NoticeProvider>
      <Frame />
    </NoticeProvider>
  );
}
