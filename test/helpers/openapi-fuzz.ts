import fc from 'fast-check';
import AjvModule from 'ajv';
import addFormatsModule from 'ajv-formats';

/**
 * Building blocks of the OpenAPI-driven fuzz harness (test/reliability/fuzz.test.ts): reading the
 * operations, turning their JSON schemas (OpenAPI 3.0 dialect) into fast-check arbitraries for valid
 * input, a catalogue of malformed input, and a response-schema checker (ajv, which Fastify ships).
 */
export type Schema = {
  type?: string | string[];
  nullable?: boolean;
  enum?: unknown[];
  format?: string;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: boolean | number;
  exclusiveMaximum?: boolean | number;
  items?: Schema;
  minItems?: number;
  maxItems?: number;
  properties?: Record<string, Schema>;
  required?: string[];
  additionalProperties?: boolean | Schema;
  anyOf?: Schema[];
  default?: unknown;
  [k: string]: unknown;
};

type Parameter = { name: string; in: 'path' | 'query' | 'header'; required?: boolean; schema: Schema };
type RawOperation = {
  security?: unknown[];
  'x-roles'?: 'staff' | 'portal' | string[];
  parameters?: Parameter[];
  requestBody?: { content: Record<string, { schema: Schema }>; required?: boolean };
  responses?: Record<string, { content?: Record<string, { schema: Schema }> }>;
};
export type OpenApiDoc = { paths: Record<string, Record<string, RawOperation>> };

export type Operation = {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  roles: 'public' | 'staff' | 'portal' | string[];
  pathParams: Parameter[];
  query: Parameter[];
  headers: Parameter[];
  body: Schema | null;
  /** The body is a raw upload (documented in words, not as a JSON schema). */
  rawBody: boolean;
  responses: Record<string, Schema | null>;
};

/** Every operation of the document. */
export function operationsOf(doc: OpenApiDoc): Operation[] {
  return Object.entries(doc.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, op]) => {
      const params = op.parameters ?? [];
      return {
        method: method.toUpperCase() as Operation['method'],
        path,
        roles: op.security && op.security.length === 0 ? 'public' : (op['x-roles'] ?? 'staff'),
        pathParams: params.filter((p) => p.in === 'path'),
        query: params.filter((p) => p.in === 'query'),
        headers: params.filter((p) => p.in === 'header'),
        body: op.requestBody?.content['application/json']?.schema ?? null,
        rawBody: method !== 'get' && !op.requestBody && params.some((p) => p.name === 'filename'),
        responses: Object.fromEntries(
          Object.entries(op.responses ?? {}).map(([status, r]) => [
            status,
            r.content?.['application/json']?.schema ?? null,
          ]),
        ),
      };
    }),
  );
}

// ---------------------------------------------------------------------------------------------------
// Response checking

/** OpenAPI 3.0 → JSON Schema draft 7: `nullable`, boolean exclusive bounds. */
export function toJsonSchema(s: Schema): Schema {
  if (!s || typeof s !== 'object') return s;
  const out: Schema = {};
  for (const [k, v] of Object.entries(s)) {
    if (k === 'properties')
      out.properties = Object.fromEntries(
        Object.entries(v as Record<string, Schema>).map(([name, p]) => [name, toJsonSchema(p)]),
      );
    else if (k === 'items' || (k === 'additionalProperties' && typeof v === 'object'))
      out[k] = toJsonSchema(v as Schema);
    else if (k === 'anyOf' || k === 'allOf' || k === 'oneOf') out[k] = (v as Schema[]).map(toJsonSchema);
    else if (k !== 'nullable') out[k] = v;
  }
  if (s.exclusiveMinimum === true) {
    out.exclusiveMinimum = s.minimum;
    delete out.minimum;
  } else if (s.exclusiveMinimum === false) delete out.exclusiveMinimum;
  if (s.exclusiveMaximum === true) {
    out.exclusiveMaximum = s.maximum;
    delete out.maximum;
  } else if (s.exclusiveMaximum === false) delete out.exclusiveMaximum;
  if (s.nullable) {
    if (typeof out.type === 'string') out.type = [out.type, 'null'];
    if (out.enum && !out.enum.includes(null)) out.enum = [...out.enum, null];
    if (!out.type && out.anyOf) out.anyOf = [...out.anyOf, { type: 'null' }];
  }
  return out;
}

const Ajv = (AjvModule as unknown as { default: typeof AjvModule }).default ?? AjvModule;
const addFormats =
  (addFormatsModule as unknown as { default: typeof addFormatsModule }).default ?? addFormatsModule;

/** Checks bodies against documented schemas; returns a readable list of mismatches. */
export function responseChecker() {
  const ajv = new Ajv({ strict: false, allErrors: false, validateFormats: true });
  addFormats(ajv);
  const cache = new Map<Schema, ReturnType<typeof ajv.compile>>();
  return (schema: Schema, body: unknown): string | null => {
    let validate = cache.get(schema);
    if (!validate) {
      validate = ajv.compile(toJsonSchema(schema));
      cache.set(schema, validate);
    }
    if (validate(body)) return null;
    return ajv.errorsText(validate.errors, { separator: '; ' });
  };
}

// ---------------------------------------------------------------------------------------------------
// Valid input

/** Ids seen in responses, by the field name they appeared under (`accountId`, `materialId`, …). */
export type IdPool = Map<string, Set<string>>;

const uuidRe = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Harvests `…Id` fields (and `id` of elements of a named array) from a response body. */
export function harvestIds(pool: IdPool, value: unknown, key = ''): void {
  if (Array.isArray(value)) {
    for (const v of value.slice(0, 50)) harvestIds(pool, v, key);
    return;
  }
  if (!value || typeof value !== 'object') return;
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    if (typeof v === 'string' && uuidRe.test(v)) {
      const name = k === 'id' && key ? `${singular(key)}Id` : k;
      if (!pool.has(name)) pool.set(name, new Set());
      const set = pool.get(name)!;
      if (set.size < 50) set.add(v);
    } else if (v && typeof v === 'object') harvestIds(pool, v, k === 'items' ? key : k);
  }
}

const singular = (word: string) =>
  word
    .replace(/-([a-z])/g, (_, c: string) => c.toUpperCase())
    .replace(/ies$/, 'y')
    .replace(/(ss|sh|ch|x)es$/, '$1')
    .replace(/s$/, '');

const pad = (n: number, w = 2) => String(n).padStart(w, '0');
const isoDate = fc
  .date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2060-12-31T00:00:00Z'), noInvalidDate: true })
  .map((d) => `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`);
const nearDate = fc
  .integer({ min: -30, max: 120 })
  .map((days) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10));

/** A string unit mixing ASCII with the non-ASCII a print shop meets (accents, dashes, quotes, CJK). */
const textUnit = fc.oneof(
  { weight: 8, arbitrary: fc.string({ minLength: 1, maxLength: 1 }) },
  { weight: 1, arbitrary: fc.constantFrom('é', 'ü', 'ñ', '—', '“', '”', '’', '中', 'Ω', 'ß') },
);

function stringArbitrary(s: Schema, name: string, pool: IdPool): fc.Arbitrary<string> {
  const min = s.minLength ?? 0;
  const max = Math.min(s.maxLength ?? 60, Math.max(min, 60));
  const bounded = (a: fc.Arbitrary<string>) =>
    a.filter((v) => v.length >= min && v.length <= (s.maxLength ?? Infinity));
  if (s.enum) return fc.constantFrom(...(s.enum.filter((v) => v !== null) as string[]));
  if (s.format === 'uuid') {
    const known = [...(pool.get(name) ?? [])];
    const fresh = fc.uuid({ version: 4 });
    return known.length ? fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...known) }, fresh) : fresh;
  }
  if (s.format === 'date') return fc.oneof(nearDate, isoDate);
  if (s.format === 'date-time')
    return fc
      .date({
        min: new Date('2000-01-01T00:00:00Z'),
        max: new Date('2060-12-31T00:00:00Z'),
        noInvalidDate: true,
      })
      .map((d) => d.toISOString());
  if (s.format === 'email')
    return fc
      .tuple(
        fc.stringMatching(/^[a-z][a-z0-9.]{0,12}[a-z0-9]$/),
        fc.constantFrom('example.test', 'client.example'),
      )
      .map(([l, d]) => `${l.replace(/\.\.+/g, '.')}@${d}`);
  if (s.format === 'uri') return fc.webUrl();
  if (s.format === 'base64') return bounded(fc.base64String({ minLength: Math.max(4, min), maxLength: 400 }));
  if (s.pattern) return bounded(fc.stringMatching(new RegExp(s.pattern)));
  return fc.string({ unit: textUnit, minLength: min, maxLength: max });
}

function numberArbitrary(s: Schema, integer: boolean): fc.Arbitrary<number> {
  let lo = s.minimum ?? -1_000_000;
  let hi = s.maximum ?? 1_000_000;
  const exclusiveLo = s.exclusiveMinimum === true || typeof s.exclusiveMinimum === 'number';
  if (typeof s.exclusiveMinimum === 'number') lo = s.exclusiveMinimum;
  if (typeof s.exclusiveMaximum === 'number') hi = s.exclusiveMaximum;
  if (integer) {
    if (exclusiveLo) lo += 1;
    if (s.exclusiveMaximum === true || typeof s.exclusiveMaximum === 'number') hi -= 1;
    const smallHi = Math.min(hi, lo + 1000, 2 ** 31 - 1);
    const smallLo = Math.max(lo, -(2 ** 31));
    return fc.oneof(
      { weight: 6, arbitrary: fc.integer({ min: smallLo, max: Math.max(smallLo, smallHi) }) },
      { weight: 1, arbitrary: fc.constantFrom(lo, hi) },
    );
  }
  return fc.double({
    min: lo,
    max: Math.min(hi, lo + 10_000),
    minExcluded: exclusiveLo,
    maxExcluded: s.exclusiveMaximum === true,
    noNaN: true,
    noDefaultInfinity: true,
  });
}

/** An arbitrary of values valid against the schema; uuid fields prefer ids the server already knows. */
export function arbitraryOf(s: Schema, pool: IdPool, name = '', depth = 0): fc.Arbitrary<unknown> {
  const inner = (): fc.Arbitrary<unknown> => {
    if (s.anyOf) return fc.oneof(...s.anyOf.map((a) => arbitraryOf(a, pool, name, depth + 1)));
    if (s.enum) return fc.constantFrom(...s.enum.filter((v) => v !== null));
    const type = Array.isArray(s.type) ? s.type.find((t) => t !== 'null') : s.type;
    switch (type) {
      case 'string':
        return stringArbitrary(s, name, pool);
      case 'integer':
        return numberArbitrary(s, true);
      case 'number':
        return numberArbitrary(s, false);
      case 'boolean':
        return fc.boolean();
      case 'array': {
        const minLength = s.minItems ?? 0;
        const maxLength = Math.min(s.maxItems ?? 3, Math.max(minLength, 3));
        return fc.array(arbitraryOf(s.items ?? {}, pool, singular(name) + 'Id', depth + 1), {
          minLength,
          maxLength,
        });
      }
      case 'object':
        return objectArbitrary(s, pool, depth);
      default:
        return fc.constant(null);
    }
  };
  const a = inner();
  return s.nullable ? fc.option(a, { freq: 6, nil: null }) : a;
}

function objectArbitrary(s: Schema, pool: IdPool, depth: number): fc.Arbitrary<unknown> {
  const props = s.properties ?? {};
  if (!Object.keys(props).length) {
    if (s.additionalProperties && typeof s.additionalProperties === 'object' && depth < 4)
      return fc.dictionary(
        fc.stringMatching(/^[a-z][a-zA-Z0-9]{0,12}$/),
        arbitraryOf(s.additionalProperties, pool, '', depth + 1),
        { maxKeys: 3 },
      );
    return fc.constant({});
  }
  const record: Record<string, fc.Arbitrary<unknown>> = {};
  for (const [k, p] of Object.entries(props)) record[k] = arbitraryOf(p, pool, k, depth + 1);
  return fc.record(record, { requiredKeys: (s.required ?? []).filter((k) => k in props) });
}

// ---------------------------------------------------------------------------------------------------
// Malformed input

export type Mutation = { label: string; body: unknown };

const WRONG_TYPES: unknown[] = [null, true, 0, -1, 1.5, '', 'x', [], {}, [null], { nested: {} }];
const NASTY_STRINGS = [
  '\u0000',
  'a\u0000b',
  '\ud800',
  '\udfff\ud800',
  '\u202e\u0645\u0631\u062d\u0628\u0627',
  'Z\u0351\u0360\u0344\u036b\u036d\u0346\u0345',
  '🧾📬👩🏽‍💼',
  '\ufeff\u200b\u00a0',
  "'; drop table accounts; --",
  '<script>alert(1)</script>',
  '../../../../etc/passwd',
  '%00%2e%2e%2f',
  '${jndi:ldap://x}',
  '{{constructor.constructor("return process")()}}',
];
const NASTY_NUMBERS = [-1, -2147483649, 2147483648, 2 ** 53 + 2, 1e308, -1e308, 1.5, 0.1 + 0.2, 1e-320];

/** A JSON text nested `depth` levels deep (sent raw: building the value would blow our own stack). */
export const deepJson = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);
export const deepObjectJson = (key: string, depth: number) =>
  `{"${key}":` + '{"a":'.repeat(depth) + '1' + '}'.repeat(depth) + '}';

/** An arbitrary of bodies that break one rule of the schema, starting from a valid `base`. */
export function malformedBodies(s: Schema, base: Record<string, unknown>): fc.Arbitrary<Mutation> {
  const props = Object.keys(s.properties ?? {});
  const required = s.required ?? [];
  const options: fc.Arbitrary<Mutation>[] = [
    fc.constantFrom(...WRONG_TYPES).map((body) => ({ label: `body is ${JSON.stringify(body)}`, body })),
    fc
      .tuple(fc.stringMatching(/^[a-z_$][a-zA-Z0-9_$]{0,20}$/), fc.jsonValue({ maxDepth: 2 }))
      .filter(([k]) => !props.includes(k))
      .map(([k, v]) => ({ label: `unknown field ${k}`, body: { ...base, [k]: v } })),
    fc.constant({ label: '__proto__ field', body: JSON.parse(`{"__proto__": {"admin": true}}`) as unknown }),
  ];
  if (props.length) {
    const prop = fc.constantFrom(...props);
    options.push(
      fc
        .tuple(prop, fc.constantFrom(...WRONG_TYPES))
        .map(([k, v]) => ({ label: `${k} = ${JSON.stringify(v)}`, body: { ...base, [k]: v } })),
      fc
        .tuple(prop, fc.constantFrom(...NASTY_STRINGS))
        .map(([k, v]) => ({ label: `${k} = nasty string ${JSON.stringify(v)}`, body: { ...base, [k]: v } })),
      fc
        .tuple(prop, fc.constantFrom(...NASTY_NUMBERS))
        .map(([k, v]) => ({ label: `${k} = ${v}`, body: { ...base, [k]: v } })),
      fc
        .tuple(prop, fc.integer({ min: 1_000, max: 200_000 }))
        .map(([k, n]) => ({ label: `${k} = ${n}-char string`, body: { ...base, [k]: 'ü'.repeat(n) } })),
      fc
        .tuple(prop, fc.string({ unit: 'binary', maxLength: 40 }))
        .map(([k, v]) => ({ label: `${k} = binary ${JSON.stringify(v)}`, body: { ...base, [k]: v } })),
      fc
        .tuple(prop, fc.array(fc.constant('x'), { minLength: 1000, maxLength: 5000 }))
        .map(([k, v]) => ({ label: `${k} = ${v.length}-element array`, body: { ...base, [k]: v } })),
    );
  }
  if (required.length)
    options.push(
      fc.constantFrom(...required).map((k) => {
        const copy = { ...base };
        delete copy[k];
        return { label: `missing ${k}`, body: copy };
      }),
    );
  // Nested objects: break a field one level down too.
  const nested = props.filter((k) => s.properties![k]!.type === 'object' || s.properties![k]!.items);
  if (nested.length)
    options.push(
      fc
        .tuple(fc.constantFrom(...nested), fc.constantFrom(...WRONG_TYPES, ...NASTY_STRINGS))
        .map(([k, v]) => ({
          label: `${k} holds ${JSON.stringify(v)}`,
          body: { ...base, [k]: s.properties![k]!.items ? [v] : { x: v } },
        })),
    );
  return fc.oneof(...options);
}

/** Path-parameter values that are not ids, or ids of nothing. */
export const BAD_IDS = [
  'not-a-uuid',
  '00000000-0000-0000-0000-000000000000',
  'ffffffff-ffff-4fff-bfff-ffffffffffff',
  '%00',
  '..%2F..%2Fetc%2Fpasswd',
  '%F0%9F%A7%BE',
  '1%20or%201%3D1',
  'x'.repeat(190),
  '-1',
  '%E2%80%AE',
];

/** Query values that break the documented parameter schema. */
export function badQueryValues(s: Schema): string[] {
  const values = ['', '%00', '%FF%FE', 'x'.repeat(5000), '%E2%80%AE%F0%9F%A7%BE', 'null', '[]', '-1'];
  if (s.type === 'integer' || s.type === 'number')
    values.push('0', '1.5', '1e309', '99999999999999999999', 'NaN', '-0');
  if (s.type === 'boolean') values.push('maybe', '2');
  if (s.format === 'uuid') values.push('not-a-uuid', '00000000-0000-4000-8000-000000000000');
  if (s.format === 'date') values.push('2024-02-30', '0000-00-00', '99999-01-01');
  return values;
}
