// Firebase Auth for the client. In browsers the SDK keeps the signed-in user in
// localStorage, not in Auth's default IndexedDB database: that database (and its open
// connection) outlives sign-out, while the localStorage entry is removed by it, so a
// signed-out device keeps no IndexedDB database of ours. An app that initialized Auth
// itself (e.g. for popup sign-in) keeps its own choice.
import type { FirebaseApp } from "firebase/app";
import { browserLocalPersistence, browserSessionPersistence, getAuth, initializeAuth, type Auth } from "firebase/auth";

export function authFor(app: FirebaseApp): Auth {
  if (typeof window === "undefined" || typeof window.localStorage === "undefined") return getAuth(app);
  try {
    return initializeAuth(app, { persistence: [browserLocalPersistence, browserSessionPersistence] });
  } catch {
    return getAuth(app); // initialized already, by the app or an earlier client
  }
}
