// Values that stay on this device: variables' current values (Postman's "current value",
// never synced). Kept in localStorage under the signed-in user, and removed with the
// rest of the account's local data when the session ends.
const PREFIX = "syncgate-web:current:";

export const localValue = (uid: string, id: string): string | null => localStorage.getItem(`${PREFIX}${uid}:${id}`);

export function setLocalValue(uid: string, id: string, value: string): void {
  if (value === "") localStorage.removeItem(`${PREFIX}${uid}:${id}`);
  else localStorage.setItem(`${PREFIX}${uid}:${id}`, value);
}

export function forgetLocalValues(): void {
  for (const key of Object.keys(localStorage)) if (key.startsWith(PREFIX)) localStorage.removeItem(key);
}
