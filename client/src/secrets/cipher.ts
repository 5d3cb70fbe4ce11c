// Client-side encryption of secret variable values (type "secret"). The key is derived
// with PBKDF2-SHA-256 from a user secret (by default the account password) and the uid,
// so every device where the user signs in derives the same key, and Firestore only ever
// holds `sg1:` envelopes: base64(iv) "." base64(AES-256-GCM ciphertext).
import { SECRET_PREFIX } from "../../../schema/index.js";

const ITERATIONS = 310_000;

const b64 = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes));
const unb64 = (text: string) => Uint8Array.from(atob(text), (c) => c.charCodeAt(0));

export class SecretCipher {
  private constructor(private readonly key: CryptoKey) {}

  static async derive(secret: string, uid: string): Promise<SecretCipher> {
    const material = await crypto.subtle.importKey("raw", new TextEncoder().encode(secret), "PBKDF2", false, ["deriveKey"]);
    const key = await crypto.subtle.deriveKey(
      { name: "PBKDF2", hash: "SHA-256", salt: new TextEncoder().encode(`syncgate:secrets:${uid}`), iterations: ITERATIONS },
      material,
      { name: "AES-GCM", length: 256 },
      true,
      ["encrypt", "decrypt"],
    );
    return new SecretCipher(key);
  }

  static async import(raw: string): Promise<SecretCipher> {
    return new SecretCipher(await crypto.subtle.importKey("raw", unb64(raw), "AES-GCM", true, ["encrypt", "decrypt"]));
  }

  async export(): Promise<string> {
    return b64(new Uint8Array(await crypto.subtle.exportKey("raw", this.key)));
  }

  async encrypt(plain: string): Promise<string> {
    const iv = crypto.getRandomValues(new Uint8Array(12));
    const ct = new Uint8Array(await crypto.subtle.encrypt({ name: "AES-GCM", iv }, this.key, new TextEncoder().encode(plain)));
    return `${SECRET_PREFIX}${b64(iv)}.${b64(ct)}`;
  }

  /** The clear text, or undefined when the envelope was made with another key. */
  async decrypt(envelope: string): Promise<string | undefined> {
    if (!envelope.startsWith(SECRET_PREFIX)) return envelope;
    const [iv, ct] = envelope.slice(SECRET_PREFIX.length).split(".");
    if (!iv || !ct) return undefined;
    try {
      const plain = await crypto.subtle.decrypt({ name: "AES-GCM", iv: unb64(iv) }, this.key, unb64(ct));
      return new TextDecoder().decode(plain);
    } catch {
      return undefined;
    }
  }
}
