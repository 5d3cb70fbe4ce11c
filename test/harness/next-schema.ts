// Version N+1 of the schema, made in the tests from the current one (N): requests get an
// optional field and a required one with a default, environments rename `name` to
// `title`. Rules, SDK and `migrate` are tried on it as on a real next release.
import { z } from "zod";
import { CURRENT_SCHEMA, nextSchema } from "../../schema/index.js";

export const NEXT_SCHEMA = nextSchema(CURRENT_SCHEMA, {
  requests: [
    { add: "summary", schema: z.string().max(200).optional() },
    { add: "timeoutMs", schema: z.number().int().min(0).max(600_000), default: 30_000 },
  ],
  environments: [{ rename: "name", to: "title" }],
});
