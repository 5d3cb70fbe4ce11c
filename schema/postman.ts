// Nested structures modelled on the Postman Collection Format v2.1, so an import keeps
// everything the format defines. They are loose objects: fields this model does not
// name (vendor extensions, newer format fields) survive a round trip untouched.
import { z } from "zod";
import { LIMITS } from "./limits.js";

const text = (max: number) => z.string().max(max);
const items = <T extends z.ZodType>(item: T) => z.array(item).max(LIMITS.listItems);

export const KeyValueSchema = z.looseObject({
  key: text(LIMITS.key).nullable(),
  value: text(LIMITS.value).nullable().optional(),
  disabled: z.boolean().optional(),
  description: text(LIMITS.description).nullable().optional(),
  type: text(64).optional(),
});
export type KeyValue = z.infer<typeof KeyValueSchema>;

export const HeaderListSchema = items(KeyValueSchema);

export const FormParamSchema = KeyValueSchema.extend({
  src: z.union([text(LIMITS.url), z.array(text(LIMITS.url)).max(LIMITS.listItems)]).nullable().optional(),
  contentType: text(256).optional(),
});

export const BODY_MODES = ["raw", "urlencoded", "formdata", "file", "graphql", "none"] as const;

export const BodySchema = z.looseObject({
  mode: z.enum(BODY_MODES).optional(),
  raw: text(LIMITS.inlineText).optional(),
  urlencoded: items(KeyValueSchema).optional(),
  formdata: items(FormParamSchema).optional(),
  file: z.looseObject({ src: text(LIMITS.url).nullable().optional(), content: text(LIMITS.inlineText).optional() }).optional(),
  graphql: z.looseObject({ query: text(LIMITS.inlineText).optional(), variables: text(LIMITS.inlineText).optional() }).optional(),
  options: z.record(z.string(), z.unknown()).optional(),
  disabled: z.boolean().optional(),
});
export type Body = z.infer<typeof BodySchema>;

export const AUTH_TYPES = [
  "noauth", "apikey", "awsv4", "basic", "bearer", "digest", "edgegrid", "hawk", "ntlm", "oauth1", "oauth2", "jwt", "asap", "akamai",
] as const;

export const AuthSchema = z.looseObject({
  type: z.enum(AUTH_TYPES),
});
export type Auth = z.infer<typeof AuthSchema>;

export const ScriptSchema = z.looseObject({
  id: text(LIMITS.id).optional(),
  type: text(64).optional(),
  exec: z.union([text(LIMITS.inlineText), z.array(text(LIMITS.value * 4)).max(20_000)]).optional(),
  src: z.unknown().optional(),
  name: text(LIMITS.name).optional(),
});

export const EventSchema = z.looseObject({
  id: text(LIMITS.id).optional(),
  listen: text(64),
  script: ScriptSchema.optional(),
  disabled: z.boolean().optional(),
});
export const EventListSchema = items(EventSchema);

export const VARIABLE_TYPES = ["default", "secret", "string", "boolean", "any", "number"] as const;

export const CollectionVariableSchema = z.looseObject({
  key: text(LIMITS.key),
  value: z.unknown().optional(),
  type: z.enum(VARIABLE_TYPES).optional(),
  disabled: z.boolean().optional(),
  description: text(LIMITS.description).nullable().optional(),
});

export const UrlSchema = z.looseObject({
  raw: text(LIMITS.url),
  protocol: text(64).optional(),
  host: z.union([text(LIMITS.url), z.array(text(LIMITS.key)).max(LIMITS.listItems)]).optional(),
  path: z.union([text(LIMITS.url), z.array(z.union([text(LIMITS.key), z.looseObject({})])).max(LIMITS.listItems)]).optional(),
  port: text(16).optional(),
  query: items(KeyValueSchema).optional(),
  hash: text(LIMITS.url).optional(),
  variable: items(KeyValueSchema).optional(),
});
export type Url = z.infer<typeof UrlSchema>;
