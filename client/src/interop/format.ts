// Structural schemas of the Postman file formats (Collection v2.0/v2.1, environment and
// globals exports), so a bad file is refused with the path of the problem before
// anything is written. Loose objects: every field the format or a tool adds survives.
import { z } from "zod";
import { BODY_MODES } from "../../../schema/index.js";

const text = z.string();
const description = z.union([text, z.looseObject({ content: text.optional() }), z.null()]);

export const SCHEMA_V20 = "https://schema.getpostman.com/json/collection/v2.0.0/collection.json";
export const SCHEMA_V21 = "https://schema.getpostman.com/json/collection/v2.1.0/collection.json";
const SUPPORTED = /^https?:\/\/schema\.(getpostman|postman)\.com\/json\/collection\/v2\.[01]\.0\/(collection\.json)?$/;

const UrlSchema = z.union([text, z.looseObject({ raw: text.optional() })]);
const HeaderSchema = z.union([text, z.array(z.looseObject({ key: text.nullable() })), z.null()]);

export const PmRequestSchema = z.union([
  text,
  z.looseObject({
    method: text.optional(),
    url: UrlSchema.optional(),
    header: HeaderSchema.optional(),
    body: z.looseObject({ mode: z.enum(BODY_MODES).optional() }).nullable().optional(),
    auth: z.looseObject({ type: text }).nullable().optional(),
    description: description.optional(),
  }),
]);

export const PmResponseSchema = z.looseObject({
  name: text.optional(),
  status: text.nullable().optional(),
  code: z.number().int().nullable().optional(),
  header: HeaderSchema.optional(),
  body: text.nullable().optional(),
  cookie: z.array(z.looseObject({})).nullable().optional(),
});

const EventSchema = z.looseObject({ listen: text });

export type PmItem = {
  name?: string;
  item?: PmItem[];
  request?: z.infer<typeof PmRequestSchema>;
  response?: z.infer<typeof PmResponseSchema>[];
  [key: string]: unknown;
};

export const PmItemSchema: z.ZodType<PmItem> = z.lazy(() =>
  z.looseObject({
    name: text.optional(),
    description: description.optional(),
    item: z.array(PmItemSchema).optional(),
    request: PmRequestSchema.optional(),
    response: z.array(PmResponseSchema).optional(),
    event: z.array(EventSchema).optional(),
  }),
) as z.ZodType<PmItem>;

export const PmCollectionSchema = z.looseObject({
  info: z.looseObject({
    name: text,
    schema: text.regex(SUPPORTED, "only Postman Collection Format v2.0 and v2.1 are supported"),
    description: description.optional(),
  }),
  item: z.array(PmItemSchema),
  event: z.array(EventSchema).optional(),
  variable: z.array(z.looseObject({ key: text.optional() })).optional(),
  auth: z.looseObject({ type: text }).nullable().optional(),
});
export type PmCollection = z.infer<typeof PmCollectionSchema>;

const VariableValue = z.looseObject({
  key: text,
  value: z.unknown().optional(),
  type: text.optional(),
  enabled: z.boolean().optional(),
});

export const PmEnvironmentSchema = z.looseObject({
  name: text.min(1),
  values: z.array(VariableValue),
  _postman_variable_scope: z.literal("environment").optional(),
});
export type PmEnvironment = z.infer<typeof PmEnvironmentSchema>;

export const PmGlobalsSchema = z.looseObject({
  values: z.array(VariableValue),
  _postman_variable_scope: z.literal("globals").optional(),
});
export type PmGlobals = z.infer<typeof PmGlobalsSchema>;
