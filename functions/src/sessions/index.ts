import { ClaimSessionInput, SessionIdInput, type ClaimSessionResult, type EmptyResult } from "../../../schema/index.js";
import { auth, db } from "../shared/admin.js";
import { authedCallable, freshSignInCallable } from "../shared/callable.js";
import { DAY_MS, SESSION_INACTIVITY_DAYS } from "../shared/config.js";
import { claimSession as claim } from "./claim.js";
import { releaseSession as release, revokeSession as revoke } from "./end.js";

const inactivityMs = () => SESSION_INACTIVITY_DAYS.value() * DAY_MS;

export const claimSession = freshSignInCallable(ClaimSessionInput, (input, caller): Promise<ClaimSessionResult> =>
  claim({ db: db(), auth: auth(), now: Date.now, inactivityMs: inactivityMs() }, caller.uid, caller.proofAt, input),
);

export const releaseSession = authedCallable(SessionIdInput, async ({ sid }, caller): Promise<EmptyResult> => {
  await release({ db: db(), now: Date.now, inactivityMs: inactivityMs() }, caller.uid, caller.sid, sid);
  return {};
});

export const revokeSession = authedCallable(SessionIdInput, async ({ sid }, caller): Promise<EmptyResult> => {
  await revoke({ db: db(), now: Date.now, inactivityMs: inactivityMs() }, caller.uid, caller.sid, sid);
  return {};
});
