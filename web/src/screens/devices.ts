// The account's signed-in apps (at most three), with "sign out this device".
import { client } from "../firebase.js";
import { app, esc, h, onClick } from "../ui.js";

export async function devicesScreen() {
  const sessions = await client.listSessions();
  app.replaceChildren(
    h(`<section><h2>Devices</h2><ul id="devices">${sessions
      .map((s) => `<li>${esc(s.deviceName)}${s.sid === client.sessionId ? " (this device)" : ` <button data-revoke="${s.sid}">Sign out this device</button>`}</li>`)
      .join("")}</ul></section>`),
  );
  onClick("revoke", (sid) => client.revokeSession(sid));
}
