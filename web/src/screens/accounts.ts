// Signed-out screens: sign in (email or username), sign up, recovery, and the
// three-app limit screen that lets the user pick a device to sign out.
import { SessionLimitError } from "@syncgate/client";
import { client } from "../firebase.js";
import { app, esc, field, h, messageLine, onClick, onSubmit, state } from "../ui.js";

export function accountsScreen() {
  app.replaceChildren(
    h(`
    <section><h2>Sign in</h2>
      <form name="sign-in"><input name="identifier" placeholder="email or username" required /><input name="password" type="password" placeholder="password" required /><button>Sign in</button></form>
    </section>
    <section><h2>Create an account</h2>
      <form name="sign-up"><input name="email" type="email" placeholder="email" required /><input name="username" placeholder="username" required /><input name="password" type="password" placeholder="password" required /><button>Sign up</button></form>
    </section>
    <section><h2>Forgot something?</h2>
      <form name="recover"><input name="email" type="email" placeholder="email" required /><button>Send me my username</button></form>
      <form name="reset"><input name="identifier" placeholder="email or username" required /><button>Reset my password</button></form>
    </section>
    ${messageLine()}`),
  );
  onSubmit("sign-in", async (f) => {
    try {
      await client.signIn({ identifier: field(f, "identifier"), password: field(f, "password") });
    } catch (e) {
      if (!(e instanceof SessionLimitError)) throw e;
      state.limit = e;
    }
  });
  onSubmit("sign-up", (f) => client.signUp({ email: field(f, "email"), username: field(f, "username"), password: field(f, "password") }));
  onSubmit("recover", async (f) => {
    await client.recoverUsername(field(f, "email"));
    state.message = "If that account exists, we sent its username.";
  });
  onSubmit("reset", async (f) => {
    await client.requestPasswordReset(field(f, "identifier"));
    state.message = "If that account exists, we sent a reset link.";
  });
}

export function limitScreen(e: SessionLimitError) {
  app.replaceChildren(
    h(`<section id="limit"><h2>Signed in on ${e.limit} devices already</h2><p>Sign one out to continue:</p><ul>${e.sessions
      .map((s) => `<li>${esc(s.deviceName)} <button data-evict="${esc(s.sid)}">Sign out this device</button></li>`)
      .join("")}</ul></section>`),
  );
  onClick("evict", async (sid) => {
    state.limit = undefined;
    await e.evict(sid);
  });
}
