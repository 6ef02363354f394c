import { isResponseSerializationError } from 'fastify-type-provider-zod';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { jsonAnswer, responseSerializer } from './serializer';

const Order = z.object({
  id: z.uuid(),
  number: z.string(),
  lines: z.array(z.object({ sku: z.string(), quantity: z.number().int() })),
  note: z.string().nullable(),
});
const serialize = responseSerializer({ schema: Order, method: 'GET', url: '/orders/:id' });
const order = {
  id: '6f1c3c53-58f4-4a7c-9d55-7c8b1a0c9f11',
  number: 'ORD-2026-00042',
  lines: [{ sku: 'ENV-10', quantity: 2, costCents: 7 }],
  note: 'Nguyễn → Zoë Øster',
};

describe('the response serializer', () => {
  it('answers only the schema’s fields, at every depth', () => {
    const sent = JSON.parse(serialize({ ...order, passwordHash: 'x' }));
    expect(sent).toEqual({ ...order, lines: [{ sku: 'ENV-10', quantity: 2 }] });
  });

  it('refuses an answer that breaks its schema, with the route', () => {
    let thrown: unknown;
    try {
      serialize({ ...order, lines: [{ sku: 'ENV-10', quantity: 1.5 }] });
    } catch (e) {
      thrown = e;
    }
    expect(isResponseSerializationError(thrown)).toBe(true);
    expect(thrown).toMatchObject({ method: 'GET', url: '/orders/:id' });
  });

  it('takes a schema wrapped as { properties } (a route that names its content type)', () => {
    const wrapped = responseSerializer({ schema: { properties: Order }, method: 'GET', url: '/x' });
    expect(JSON.parse(wrapped(order)).number).toBe('ORD-2026-00042');
  });

  it('in production writes with the compiled serializer alone: the same text, the same fields', () => {
    const before = process.env.NODE_ENV;
    process.env.NODE_ENV = 'production';
    try {
      const compiled = responseSerializer({ schema: Order, method: 'GET', url: '/orders/:id' });
      const sent = { ...order, passwordHash: 'x', lines: [{ sku: 'ENV-10', quantity: 2, costCents: 7 }] };
      expect(compiled(sent)).toBe(serialize(sent));
      expect(JSON.parse(compiled(sent))).toEqual({ ...order, lines: [{ sku: 'ENV-10', quantity: 2 }] });
    } finally {
      process.env.NODE_ENV = before;
    }
  });

  it('outside production fails an answer the compiled serializer would write differently from the schema', () => {
    // zod keeps the first branch that fits and strips the rest; JSON Schema's anyOf picks the branch without
    // extra fields. The check is what catches such a schema before it reaches production.
    const Either = z.union([z.object({ a: z.string() }), z.object({ a: z.string(), b: z.number() })]);
    const either = responseSerializer({ schema: Either, method: 'GET', url: '/either' });
    expect(() => either({ a: 'x', b: 1 })).toThrow(/GET \/either: the compiled serializer wrote/);
    expect(either({ a: 'Zoë' })).toBe('{"a":"Zoë"}');
  });

  it('writes nullable objects, arrays, strings and enums as zod does, null or not, in production too', () => {
    const Row = z.object({
      owner: z.object({ id: z.uuid(), name: z.string() }).nullable(),
      tags: z.array(z.string()).nullable(),
      note: z.string().nullable(),
      status: z.enum(['open', 'closed']).nullable(),
      either: z.union([z.string(), z.number(), z.null()]),
    });
    const filled = {
      owner: { id: order.id, name: 'Nguyễn → Zoë Øster', secret: 'x' },
      tags: ['a'],
      note: 'n',
      status: 'open',
      either: 3,
    };
    const empty = { owner: null, tags: null, note: null, status: null, either: null };
    const checked = responseSerializer({ schema: Row, method: 'GET', url: '/row' });
    const before = process.env.NODE_ENV;
    process.env.NODE_ENV = 'production';
    try {
      const compiled = responseSerializer({ schema: Row, method: 'GET', url: '/row' });
      for (const value of [filled, empty]) {
        expect(compiled(value)).toBe(checked(value));
        expect(JSON.parse(compiled(value))).toEqual(z.parse(Row, value));
      }
    } finally {
      process.env.NODE_ENV = before;
    }
  });

  it('sends JSON text written elsewhere (by PostgreSQL) as it is, checked against the schema outside production', () => {
    const text = JSON.stringify({ note: null, number: 'ORD-2026-00042', id: order.id, lines: [] });
    expect(serialize(jsonAnswer(text))).toBe(text);
    // A field the schema does not name, or a value it refuses, is an error naming the route, never sent.
    const extra = JSON.stringify({ ...order, lines: [], passwordHash: 'x' });
    expect(() => serialize(jsonAnswer(extra))).toThrow(/GET \/orders\/:id: the JSON written for it/);
    let thrown: unknown;
    try {
      serialize(jsonAnswer(JSON.stringify({ ...order, lines: [{ sku: 'ENV-10', quantity: 1.5 }] })));
    } catch (e) {
      thrown = e;
    }
    expect(isResponseSerializationError(thrown)).toBe(true);
    const before = process.env.NODE_ENV;
    process.env.NODE_ENV = 'production';
    try {
      const compiled = responseSerializer({ schema: Order, method: 'GET', url: '/orders/:id' });
      expect(compiled(jsonAnswer(text))).toBe(text);
    } finally {
      process.env.NODE_ENV = before;
    }
  });
});
