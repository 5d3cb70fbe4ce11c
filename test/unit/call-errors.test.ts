// How callable refusals become SDK error codes: App Check's refusal is told apart from bad
// credentials, though both are `unauthenticated`.
import { FunctionsError } from "firebase/functions";
import { expect, it } from "vitest";
import { CallError } from "../../client/src/auth/callables.js";
import { APP_CHECK_REFUSAL } from "../../schema/index.js";

it("maps callable errors to SDK codes, App Check's refusal by its details", () => {
  const codeOf = (code: ConstructorParameters<typeof FunctionsError>[0], details?: unknown) => new CallError(new FunctionsError(code, "m", details)).code;
  expect(codeOf("unauthenticated", APP_CHECK_REFUSAL)).toBe("app-not-verified");
  expect(codeOf("unauthenticated")).toBe("invalid-credentials");
  expect(codeOf("unauthenticated", { reason: "something-else" })).toBe("invalid-credentials");
  expect(codeOf("resource-exhausted", { sessions: [], limit: 3 })).toBe("throttled");
  expect(codeOf("data-loss")).toBe("internal");
});
