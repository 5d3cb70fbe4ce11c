import { defineString } from "firebase-functions/params";
import * as functionsV1 from "firebase-functions/v1";
import { HttpsError } from "firebase-functions/v2/https";
import {
  ConfirmPasswordInput,
  CreateAccountInput,
  EmptyInput,
  RecoverUsernameInput,
  RequestPasswordResetInput,
  SignInWithUsernameInput,
  UsernameSchema,
  isEmailIdentifier,
  EmailSchema,
  type CreateAccountResult,
  type EmptyResult,
  type SignInWithUsernameResult,
} from "../../../schema/index.js";
import { auth, db } from "../shared/admin.js";
import { authedCallable, parseInput, publicCallable } from "../shared/callable.js";
import { DAY_MS, SESSION_INACTIVITY_DAYS, SIGN_UPS_PER_IP_PER_HOUR } from "../shared/config.js";
import { MAX_INSTANCES, REGION } from "../shared/options.js";
import { confirmPassword as confirm } from "./confirm-password.js";
import { createAccount as create } from "./create.js";
import { deleteAccount as remove, purgeUserData } from "./delete.js";
import { recoverUsername as recoverName, requestPasswordReset as reset } from "./recovery.js";
import { signInWithUsername as signIn } from "./sign-in.js";

/** The project's Web API key: the password check goes through the Auth REST API. */
const WEB_API_KEY = defineString("WEB_API_KEY", { description: "Web API key of the Firebase project (password checks)" });
const APP_NAME = defineString("APP_NAME", { default: "syncgate", description: "Product name used in recovery mails" });

const recoveryDeps = () => ({ db: db(), auth: auth(), appName: APP_NAME.value() });
const accountDeps = () => ({ db: db(), auth: auth(), now: Date.now, inactivityMs: SESSION_INACTIVITY_DAYS.value() * DAY_MS });

export const createAccount = publicCallable(CreateAccountInput, (input, ip): Promise<CreateAccountResult> =>
  create({ db: db(), auth: auth(), perIpLimit: SIGN_UPS_PER_IP_PER_HOUR.value() }, input, ip),
);

export const signInWithUsername = publicCallable(SignInWithUsernameInput, (input, ip): Promise<SignInWithUsernameResult> =>
  signIn({ db: db(), auth: auth(), password: { apiKey: WEB_API_KEY.value() } }, input, ip),
);

export const recoverUsername = publicCallable(RecoverUsernameInput, ({ email }, ip): Promise<EmptyResult> => recoverName(recoveryDeps(), email, ip));

export const requestPasswordReset = publicCallable(RequestPasswordResetInput, ({ identifier }, ip): Promise<EmptyResult> => {
  // Malformed input is the only error: an identifier must be a well-formed email or username.
  const wellFormed = isEmailIdentifier(identifier) ? parseInput(EmailSchema, identifier) : parseInput(UsernameSchema, identifier);
  return reset(recoveryDeps(), wellFormed, ip);
});

export const confirmPassword = authedCallable(ConfirmPasswordInput, async ({ password }, caller): Promise<EmptyResult> => {
  if (caller.sid === undefined) throw new HttpsError("permission-denied", "only a signed-in device with an active session can confirm its password");
  await confirm({ ...accountDeps(), password: { apiKey: WEB_API_KEY.value() } }, { ...caller, sid: caller.sid }, password);
  return {};
});

export const deleteAccount = authedCallable(EmptyInput, async (_input, caller): Promise<EmptyResult> => {
  await remove(accountDeps(), caller);
  return {};
});

/** The data goes with the Auth user however it is deleted (console, Admin SDK, us). */
export const onAuthUserDeleted = functionsV1.region(REGION).runWith({ maxInstances: MAX_INSTANCES, memory: "256MB" }).auth.user().onDelete(async (user) => {
  await purgeUserData(accountDeps(), user.uid, "auth-trigger");
});
