// Refuses Auth users made by the client SDK (createUserWithEmailAndPassword and the like),
// which would bypass createAccount's username and password policies. Admin SDK users
// (createAccount's own) never reach blocking functions. Opt-in, because production
// blocking functions need Firebase Authentication with Identity Platform; without it,
// claimSession still refuses such users (they have no profile).
import { beforeUserCreated, HttpsError } from "firebase-functions/v2/identity";

export const blockClientSignUp = beforeUserCreated(() => {
  throw new HttpsError("permission-denied", "create accounts through the app (createAccount)");
});
