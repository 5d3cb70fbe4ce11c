// Signed in: the sidebar with the collection tree, and the main pane's tabs. What is
// selected and which tab shows are this device's own state (never synced).
import { useSyncStatus } from "@syncgate/client/react";
import { useState } from "react";
import { ItemPane } from "../editor/item-pane.js";
import { DevicesScreen } from "../screens/devices.js";
import { ExamplesScreen } from "../screens/examples.js";
import { PresetsScreen } from "../screens/presets.js";
import { RunsScreen } from "../screens/runs.js";
import { TransferScreen } from "../screens/transfer.js";
import { TrashScreen } from "../screens/trash.js";
import { VariablesScreen } from "../screens/variables.js";
import { Sidebar, type Selection } from "../sidebar/sidebar.js";
import { MessageLine } from "../ui/actions.js";

const TABS = {
  item: "Request",
  examples: "Examples",
  presets: "Header presets",
  variables: "Environments",
  runs: "Runs",
  trash: "Trash",
  devices: "Devices",
  transfer: "Import / export",
} as const;
export type Tab = keyof typeof TABS;

export function Workspace() {
  const { status, lastSyncedAt } = useSyncStatus();
  const [selection, setSelection] = useState<Selection | null>(null);
  const [tab, setTab] = useState<Tab>("item");
  const select = (next: Selection | null) => {
    setSelection(next);
    if (tab !== "examples") setTab("item");
  };
  const requestId = selection?.kind === "requests" ? selection.id : null;
  return (
    <div className="workspace">
      <Sidebar selection={selection} onSelect={select} />
      <main className="pane">
        {/* from sign-in until the server first answered: the account is loading */}
        {status === "CONNECTING" && !lastSyncedAt && (
          <p id="loading">
            <progress /> Loading your account…
          </p>
        )}
        <nav className="tabs" role="tablist">
          {(Object.keys(TABS) as Tab[]).map((t) => (
            <button key={t} role="tab" data-tab={t} aria-selected={t === tab} onClick={() => setTab(t)}>
              {TABS[t]}
            </button>
          ))}
        </nav>
        <MessageLine />
        {tab === "item" && <ItemPane selection={selection} onSelect={select} />}
        {tab === "examples" && <ExamplesScreen requestId={requestId} />}
        {tab === "presets" && <PresetsScreen />}
        {tab === "variables" && <VariablesScreen />}
        {tab === "runs" && <RunsScreen />}
        {tab === "trash" && <TrashScreen />}
        {tab === "devices" && <DevicesScreen />}
        {tab === "transfer" && <TransferScreen />}
      </main>
    </div>
  );
}
