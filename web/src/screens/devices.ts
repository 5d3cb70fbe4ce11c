// The account's signed-in apps (at most three), with "sign out this device", and account
// deletion, which asks for the password again (a recent sign-in) like any irreversible change.
import { client } from "../firebase.js";
import { app, esc, h, onClick, render, state } from "../ui.js";

export async function devicesScreen() {
  const sessions = await client.listSessions();
  app.replaceChildren(
    h(`<section><h2>Devices</h2><ul id="devices">${sessions
      .map(
        (s) =>
          `<li>${esc(s.deviceName)} <small>${esc(s.platform)}, last seen ${esc(new Date(s.lastSeenAt).toLocaleString())}</small>${
            s.sid === client.sessionId ? " (this device)" : ` <button data-revoke="${s.sid}">Sign out this device</button>`
          }</li>`,
      )
      .join("")}</ul><p><button data-delete-account="me">Delete account…</button></p></section>`),
  );
  onClick("revoke", (sid) => client.revokeSession(sid));
  onClick("delete-account", async () => {
    const password = prompt("Deleting your account removes everything on every device. Enter your password to confirm:");
    if (!password) return;
    try {
      await client.deleteAccount({ password });
    } catch (e) {
      state.message = `Not deleted: ${(e as Error).message}`;
      render();
    }
  });
}
