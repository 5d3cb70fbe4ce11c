// Signed out: sign in (email or username) with progress until the account has loaded,
// sign up, recovery; and the three-app limit screen, where the user picks a device to
// sign out.
import { SessionLimitError } from "@syncgate/client";
import { useState, type FormEvent } from "react";
import { client } from "../firebase.js";
import { useNotices } from "../ui/actions.js";

export function AccountScreen({ onLimit }: { onLimit: (e: SessionLimitError) => void }) {
  const { run, setMessage } = useNotices();
  const [busy, setBusy] = useState("");
  // uncontrolled inputs: the browser keeps what is typed; read on submit
  const submit = (label: string, action: (get: (name: string) => string) => Promise<unknown>) => async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = e.currentTarget;
    setBusy(label);
    await run(() => action((name) => (form.elements.namedItem(name) as HTMLInputElement).value));
    setBusy("");
  };
  return (
    <div className="accounts">
      <section>
        <h2>Sign in</h2>
        <form
          name="sign-in"
          onSubmit={submit("Signing in…", async (get) => {
            try {
              await client.signIn({ identifier: get("identifier"), password: get("password") });
            } catch (e) {
              if (!(e instanceof SessionLimitError)) throw e;
              onLimit(e);
            }
          })}
        >
          <input name="identifier" placeholder="email or username" autoComplete="username" required />
          <input name="password" type="password" placeholder="password" autoComplete="current-password" required />
          <button disabled={busy !== ""}>Sign in</button>
        </form>
        {busy && (
          <p id="signing-in">
            <progress /> {busy}
          </p>
        )}
      </section>
      <section>
        <h2>Create an account</h2>
        <form name="sign-up" onSubmit={submit("Creating your account…", (get) => client.signUp({ email: get("email"), username: get("username"), password: get("password") }))}>
          <input name="email" type="email" placeholder="email" required />
          <input name="username" placeholder="username" required />
          <input name="password" type="password" placeholder="password" autoComplete="new-password" required />
          <button disabled={busy !== ""}>Sign up</button>
        </form>
      </section>
      <section>
        <h2>Forgot something?</h2>
        <form name="recover" onSubmit={submit("Sending…", async (get) => (await client.recoverUsername(get("email")), setMessage("If that account exists, we sent its username.")))}>
          <input name="email" type="email" placeholder="email" required />
          <button>Send me my username</button>
        </form>
        <form name="reset" onSubmit={submit("Sending…", async (get) => (await client.requestPasswordReset(get("identifier")), setMessage("If that account exists, we sent a reset link.")))}>
          <input name="identifier" placeholder="email or username" required />
          <button>Reset my password</button>
        </form>
      </section>
    </div>
  );
}

export function LimitScreen({ limit, done }: { limit: SessionLimitError; done: () => void }) {
  const { run } = useNotices();
  const [busy, setBusy] = useState(false);
  return (
    <main>
      <section id="limit">
        <h2>Signed in on {limit.limit} devices already</h2>
        <p>Sign one out to continue here:</p>
        <ul>
          {limit.sessions.map((s) => (
            <li key={s.sid}>
              {s.deviceName} <small>{s.platform}, last seen {new Date(s.lastSeenAt).toLocaleString()}</small>{" "}
              <button
                data-evict={s.sid}
                disabled={busy}
                onClick={async () => {
                  setBusy(true);
                  await run(() => limit.evict(s.sid));
                  done();
                }}
              >
                Sign out this device
              </button>
            </li>
          ))}
        </ul>
        {busy && <progress />}
        <button onClick={done}>Cancel</button>
      </section>
    </main>
  );
}
