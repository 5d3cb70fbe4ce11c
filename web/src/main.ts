// A small app on @syncgate/client: accounts, the status badge, collections with folders
// and requests, environments and globals, trash, devices and Postman import/export.
import { ENTITY_KINDS, STATUS_LABELS, UnsyncedChangesError } from "@syncgate/client";
import { client } from "./firebase.js";
import { accountsScreen, limitScreen } from "./screens/accounts.js";
import { collectionsScreen } from "./screens/collections.js";
import { devicesScreen } from "./screens/devices.js";
import { transferScreen } from "./screens/transfer.js";
import { trashScreen } from "./screens/trash.js";
import { variablesScreen } from "./screens/variables.js";
import { render, setScreen, state, type View } from "./ui.js";

// ---- top bar: status badge, pending count, navigation, sign-out ----
const badge = document.querySelector<HTMLElement>("#status")!;
const pending = document.querySelector<HTMLElement>("#pending")!;
const signOutButton = document.querySelector<HTMLButtonElement>("#sign-out")!;
let signedIn = false;
client.onStatusChange((status, detail) => {
  badge.dataset["status"] = status;
  badge.textContent = STATUS_LABELS[status];
  pending.textContent = detail.pendingWrites ? `${detail.pendingWrites} pending` : "";
  signOutButton.hidden = status === "OFFLINE";
  // the badge is all a status change touches, unless it signs in or out (another screen)
  if (signedIn !== (signedIn = status !== "OFFLINE")) render();
});
client.onSessionEnded((reason) => {
  // an ended session never comes back by itself: only the password signs this device in again
  state.message = reason === "revoked" ? "This device was signed out (from another device, or its session ended). Enter your password to sign in again." : "";
  render();
});
signOutButton.addEventListener("click", async () => {
  try {
    await client.signOut();
  } catch (e) {
    if (e instanceof UnsyncedChangesError && confirm(`${e.changes.length} change(s) are not synced yet. Sign out and lose them?`)) await client.signOut({ force: true });
  }
  render();
});
document.querySelectorAll<HTMLButtonElement>("nav button").forEach((b) =>
  b.addEventListener("click", () => {
    state.view = b.dataset["view"] as View;
    render();
  }),
);

const screens: Record<View, () => void> = {
  data: collectionsScreen,
  variables: variablesScreen,
  trash: trashScreen,
  devices: () => void devicesScreen(),
  transfer: transferScreen,
};
setScreen(() => {
  if (state.limit) return limitScreen(state.limit);
  if (client.status === "OFFLINE") return accountsScreen();
  screens[state.view]();
});

// any synced change redraws the current screen (the import screen keeps its progress and result across redraws)
for (const kind of ENTITY_KINDS) client[kind].watch(() => render(), { includeDeleted: true });
await client.ready;
render();
