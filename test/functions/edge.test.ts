// The callables' edge as pure decisions (no emulator): which address a throttle keys on,
// how deep an argument nests, and which tokens prove a fresh first-factor sign-in.
import type { DecodedIdToken } from "firebase-admin/auth";
import { describe, expect, it } from "vitest";
import { callerIp } from "../../functions/src/shared/caller-ip.js";
import { appCheckGate, isFresh, signInProofOf } from "../../functions/src/shared/callable.js";
import { jsonDepth } from "../../functions/src/shared/input-depth.js";
import { FRESH_SIGN_IN_MS, ID_PATTERN } from "../../schema/index.js";

describe("callerIp", () => {
  it("takes the entry the nearest proxy appended, not the one the caller wrote", () => {
    expect(callerIp("6.6.6.6, 203.0.113.9", "10.0.0.1")).toBe("203.0.113.9");
    expect(callerIp(["6.6.6.6", "203.0.113.9"], undefined)).toBe("203.0.113.9");
    expect(callerIp(undefined, "10.0.0.1")).toBe("10.0.0.1");
    expect(callerIp(" , ", undefined)).toBe("unknown");
  });
});

describe("jsonDepth", () => {
  it("measures nesting without recursion and stops counting past the cap", () => {
    expect(jsonDepth("x", 32)).toBe(0);
    expect(jsonDepth({ a: [1, { b: null }] }, 32)).toBe(3);
    let deep: unknown = [];
    for (let i = 0; i < 200_000; i++) deep = [deep];
    expect(jsonDepth(deep, 32)).toBe(33);
  });
});

describe("sign-in proofs", () => {
  const token = (provider: string, claims: Record<string, unknown> = {}, authTime = Date.now() / 1000) =>
    ({ firebase: { sign_in_provider: provider }, auth_time: authTime, ...claims }) as unknown as DecodedIdToken;
  const now = Date.now();

  it("a password sign-in proves its auth_time; signInWithUsername's token its claim", () => {
    expect(isFresh(signInProofOf(token("password")), now)).toBe(true);
    expect(isFresh(signInProofOf(token("password", {}, (now - FRESH_SIGN_IN_MS - 1000) / 1000)), now)).toBe(false);
    expect(isFresh(signInProofOf(token("custom", { signInAt: now - 1000 })), now)).toBe(true);
  });

  it("session tokens, bare custom tokens, other providers and future dates prove nothing", () => {
    expect(signInProofOf(token("custom", { sid: "s1", signInAt: now }))).toBeUndefined();
    expect(signInProofOf(token("password", { sid: "s1" }))).toBeUndefined();
    expect(signInProofOf(token("custom"))).toBeUndefined();
    expect(signInProofOf(token("custom", { signInAt: "now" }))).toBeUndefined();
    expect(signInProofOf(token("anonymous"))).toBeUndefined();
    expect(isFresh(now + 10 * 60_000, now)).toBe(false);
  });
});

describe("ID_PATTERN", () => {
  it("accepts generated ids and refuses path-like and reserved ones", () => {
    for (const ok of ["a", "Ab_9-x", "x".repeat(128)]) expect(ID_PATTERN.test(ok)).toBe(true);
    for (const bad of ["", "a/b", "..", ".", "__x__", "x".repeat(129), "a b"]) expect(ID_PATTERN.test(bad)).toBe(false);
  });
});

describe("appCheckGate", () => {
  it("refuses an unverified app only while enforcement is on", () => {
    expect(() => appCheckGate(true, undefined)).toThrow(/not verified by App Check/);
    expect(() => appCheckGate(true, "")).toThrow(/not verified by App Check/);
    expect(() => appCheckGate(true, "1:123:web:abc")).not.toThrow();
    expect(() => appCheckGate(false, undefined)).not.toThrow();
  });
});
