// Verifies a password against the Auth service (the Auth emulator in tests) through the
// Identity Toolkit REST API: the Admin SDK cannot check passwords.
export interface PasswordCheckConfig {
  apiKey: string;
}

function endpoint(apiKey: string): string {
  const emulator = process.env.FIREBASE_AUTH_EMULATOR_HOST;
  const base = emulator ? `http://${emulator}/identitytoolkit.googleapis.com` : "https://identitytoolkit.googleapis.com";
  return `${base}/v1/accounts:signInWithPassword?key=${encodeURIComponent(apiKey)}`;
}

/** Returns the uid when the email/password pair is right, undefined when not. */
export async function verifyPassword(config: PasswordCheckConfig, email: string, password: string): Promise<string | undefined> {
  const res = await fetch(endpoint(config.apiKey), {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email, password, returnSecureToken: false }),
  });
  if (res.ok) return ((await res.json()) as { localId: string }).localId;
  const message = ((await res.json().catch(() => ({}))) as { error?: { message?: string } }).error?.message ?? "";
  // Wrong password, unknown or disabled user, too many attempts: all "no".
  if (res.status === 400) return undefined;
  throw new Error(`password check failed: HTTP ${res.status} ${message}`);
}
