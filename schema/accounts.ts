// Username and password policies, used by createAccount and by the client's form checks.
import { z } from "zod";

export const USERNAME_MIN = 3;
export const USERNAME_MAX = 32;
export const PASSWORD_MIN = 8;
export const PASSWORD_MAX = 128;

/** Case-insensitive, Unicode-normalized form under which a username is reserved. */
export function normalizeUsername(username: string): string {
  return username.normalize("NFKC").trim().toLowerCase();
}

export const UsernameSchema = z
  .string()
  .transform(normalizeUsername)
  .pipe(
    z
      .string()
      .min(USERNAME_MIN, `username must have at least ${USERNAME_MIN} characters`)
      .max(USERNAME_MAX, `username must have at most ${USERNAME_MAX} characters`)
      .regex(/^[a-z0-9](?:[a-z0-9._-]*[a-z0-9])?$/, "username may hold only a-z, 0-9, '.', '_' and '-', and must start and end with a letter or digit")
      .refine((u) => !u.includes("@"), "username must not contain @"),
  );

export const PasswordSchema = z
  .string()
  .min(PASSWORD_MIN, `password must have at least ${PASSWORD_MIN} characters`)
  .max(PASSWORD_MAX, `password must have at most ${PASSWORD_MAX} characters`)
  .refine((p) => /[A-Za-z]/.test(p) && /[^A-Za-z]/.test(p), "password must mix letters with digits or symbols");

export const EmailSchema = z.string().trim().toLowerCase().pipe(z.email("a valid email address is required").max(254));

/** An identifier is an email when it contains @, otherwise a username. */
export function isEmailIdentifier(identifier: string): boolean {
  return identifier.includes("@");
}
