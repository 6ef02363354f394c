import { isDeepStrictEqual } from 'node:util';
import fastJsonStringify from 'fast-json-stringify';
import { ResponseSerializationError } from 'fastify-type-provider-zod';
import { safeParse, toJSONSchema } from 'zod';
import { $ZodType } from 'zod/v4/core';

/**
 * Every answer goes out through its route's response schema, stripped to the schema's fields (a presenter's
 * extra field never leaks), by a serializer compiled from that schema (fast-json-stringify): it writes only the
 * schema's fields without building a parsed copy first. In production that is all it does. Everywhere else
 * (tests, development) every answer is also checked with zod's parse, and the compiled text must say what zod's
 * parse would have sent: the whole test suite checks the compiled serializers against their schemas, and a
 * mismatch is a 500 that names the route.
 */
export function responseSerializer({
  schema,
  method,
  url,
}: {
  schema: unknown;
  method: string;
  url: string;
}) {
  const zodSchema = zodOf(schema);
  const compiled = compile(zodSchema);
  if (process.env.NODE_ENV === 'production')
    return (data: unknown) => (data instanceof JsonText ? data.text : compiled(data));
  return (data: unknown) => {
    if (data instanceof JsonText) return checkedText(data.text, zodSchema, method, url);
    const result = safeParse(zodSchema, data);
    if (result.error) throw new ResponseSerializationError(method, url, { cause: result.error });
    const text = compiled(data);
    const expected = JSON.stringify(result.data);
    if (text !== expected && !isDeepStrictEqual(JSON.parse(text), JSON.parse(expected))) {
      throw new Error(
        `${method} ${url}: the compiled serializer wrote ${text.slice(0, 300)} where the schema says ${expected.slice(0, 300)}`,
      );
    }
    return text;
  };
}

/**
 * An answer PostgreSQL already wrote as JSON, sent as it is. Outside production it is checked like any other: it
 * must pass the schema and be what the schema's parse gives (no field it would strip, no value it would change).
 */
class JsonText {
  constructor(readonly text: string) {}
}

/** Answers `text` (JSON of a `T`) from a route without parsing it; see JsonText. */
export const jsonAnswer = <T>(text: string) => new JsonText(text) as unknown as T;

function checkedText(text: string, zodSchema: $ZodType, method: string, url: string) {
  const sent: unknown = JSON.parse(text);
  const result = safeParse(zodSchema, sent);
  if (result.error) throw new ResponseSerializationError(method, url, { cause: result.error });
  if (!isDeepStrictEqual(sent, result.data))
    throw new Error(
      `${method} ${url}: the JSON written for it is not what the schema says: ${text.slice(0, 300)}`,
    );
  return text;
}

/** fast-json-stringify from the schema's JSON Schema (the output side, as the OpenAPI reference shows it). */
function compile(zodSchema: $ZodType): (data: unknown) => string {
  const jsonSchema = toJSONSchema(zodSchema, { io: 'output', target: 'draft-7', unrepresentable: 'any' });
  return fastJsonStringify(withNullables(jsonSchema) as Parameters<typeof fastJsonStringify>[0]) as (
    data: unknown,
  ) => string;
}

/**
 * zod writes `.nullable()` as `anyOf: [schema, { type: 'null' }]`, and fast-json-stringify picks an anyOf branch by
 * validating the value against each (formats and patterns included) on every answer; as `nullable: true` it writes
 * null or the schema directly. Same output (the check outside production compares it).
 */
function withNullables(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(withNullables);
  if (!schema || typeof schema !== 'object') return schema;
  const node = Object.fromEntries(Object.entries(schema).map(([k, v]) => [k, withNullables(v)]));
  const anyOf = node.anyOf as Record<string, unknown>[] | undefined;
  if (anyOf?.length !== 2) return node;
  const other = anyOf.find((branch) => !isNullType(branch));
  if (!other || !anyOf.some(isNullType) || typeof other.type !== 'string') return node;
  const { anyOf: _replaced, ...rest } = node;
  return { ...rest, ...other, nullable: true };
}

const isNullType = (branch: Record<string, unknown>) =>
  branch.type === 'null' && Object.keys(branch).length === 1;

function zodOf(schema: unknown): $ZodType {
  if (schema instanceof $ZodType) return schema;
  const properties = (schema as { properties?: unknown } | null)?.properties;
  if (properties instanceof $ZodType) return properties;
  throw new Error(`A response schema that is not a zod schema: ${JSON.stringify(schema)}`);
}
