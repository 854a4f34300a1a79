import fc from 'fast-check';

export interface Operation {
  path: string;
  method: string;
  op: any;
  doc: any;
}

export interface FuzzRequest {
  who: 'admin' | 'outsider' | 'anonymous';
  method: string;
  /** The documented path, e.g. `/api/customers/{id}`, to group what went wrong. */
  route: string;
  url: string;
  headers: Record<string, string>;
  payload?: string;
}

type Schema = Record<string, any>;

const ODD_TEXT = [
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  '\uD800',
  '\uDFFF',
  'x\uDBFF',
  '😀',
  "' OR '1'='1",
  '%',
  '_',
  '\\',
  '"',
  '../../etc/passwd',
  '<script>alert(1)</script>',
  '{{constructor}}',
  '${7*7}',
  'null',
  'true',
  '-1',
  '0',
  '1e309',
  'NaN',
  '9'.repeat(40),
  '2026-02-30',
  '01900000-0000-7000-8000-000000000000',
  'not-a-uuid',
  '__proto__',
  'constructor',
  '\u202Eevil',
  'Dvořák Řehoř',
  'ООО Ромашка',
  '\r\n',
  '\t',
  'a;b;c',
  'a,"b',
  '=cmd|calc',
];

/** Text a client may send by mistake or on purpose; `huge` only where a body carries it (an URL has its own limit). */
const oddText = (huge: boolean) =>
  fc.oneof(
    { arbitrary: fc.constantFrom(...ODD_TEXT), weight: 6 },
    { arbitrary: fc.string({ maxLength: 30 }), weight: 2 },
    { arbitrary: fc.string({ unit: 'binary', maxLength: 30 }), weight: 2 },
    { arbitrary: fc.constant('x'.repeat(huge ? 300_000 : 3000)), weight: 1 },
  );

const oddScalar = fc.oneof(
  { arbitrary: oddText(true), weight: 4 },
  { arbitrary: fc.integer(), weight: 1 },
  { arbitrary: fc.double(), weight: 1 },
  { arbitrary: fc.constantFrom<unknown>(true, false, null, 2 ** 53, -1, 0, 1e308, 2147483648, -2147483649), weight: 2 },
);

const oddValue: fc.Arbitrary<unknown> = fc.oneof(
  { arbitrary: oddScalar, weight: 6 },
  { arbitrary: fc.array(oddScalar, { maxLength: 4 }), weight: 1 },
  { arbitrary: fc.dictionary(oddText(false), oddScalar, { maxKeys: 3 }), weight: 1 },
  { arbitrary: fc.constantFrom<unknown>([], {}, [[]], { $gt: '' }, { __proto__: { admin: true } }, [null]), weight: 1 },
);

const resolve = (doc: any, schema: Schema | undefined): Schema =>
  schema?.$ref ? (doc.components.schemas[String(schema.$ref).split('/').pop()!] ?? {}) : (schema ?? {});

// Built once: building a pattern's arbitrary costs more than drawing from it.
const name$ = fc.stringMatching(/^[A-Za-zÀ-ž][A-Za-zÀ-ž0-9 ]{2,20}$/);

const matchingCache = new Map<string, string[]>();

/** A few strings matching a documented pattern, made once: generating from some patterns (negated classes) is slow. */
function matching(pattern: string, maxLength: number): string[] {
  const key = `${pattern}/${maxLength}`;
  if (!matchingCache.has(key)) {
    let found: string[] = [];
    try {
      found = fc
        .sample(fc.stringMatching(new RegExp(pattern)), { seed: 1, numRuns: 30 })
        .filter((s) => s.length <= maxLength);
    } catch {
      // A pattern JavaScript cannot read is left to the odd values.
    }
    matchingCache.set(key, found.length ? found : ['fuzz']);
  }
  return matchingCache.get(key)!;
}

/** A value the schema would accept, or close to it: the base that hostile changes start from. */
export function plausible(
  doc: any,
  raw: Schema | undefined,
  ids: string[],
  name = '',
  depth = 0,
): fc.Arbitrary<unknown> {
  const schema = resolve(doc, raw);
  if (depth > 3) return fc.constant(null);
  if (Array.isArray(schema.enum) && schema.enum.length) return fc.constantFrom(...schema.enum);
  const first = schema.allOf?.[0] ?? schema.anyOf?.[0] ?? schema.oneOf?.[0];
  if (first) return plausible(doc, first, ids, name, depth + 1);
  switch (schema.type) {
    case 'string': {
      if (schema.format === 'uuid' || /Id$/.test(name)) return ids.length ? fc.constantFrom(...ids) : fc.uuid();
      if (schema.format === 'email' || /email/i.test(name))
        return fc.nat({ max: 99999 }).map((n) => `fuzz${n}@example.cz`);
      if (schema.format === 'date-time' || schema.format === 'date' || /At$|Date$|date$/.test(name))
        return fc.constantFrom('2026-05-01', '2026-05-01T10:00:00Z');
      if (schema.pattern) return fc.constantFrom(...matching(schema.pattern, schema.maxLength ?? 100));
      const min = Math.max(schema.minLength ?? 1, 1);
      return name$.map((s) => s.padEnd(min, 'x').slice(0, schema.maxLength ?? 100));
    }
    case 'integer':
      return fc.integer({
        min: schema.minimum ?? 0,
        max: Math.min(schema.maximum ?? 1000, (schema.minimum ?? 0) + 1000),
      });
    case 'number':
      return fc.double({ min: schema.minimum ?? -1000, max: schema.maximum ?? 1000, noNaN: true });
    case 'boolean':
      return fc.boolean();
    case 'array':
      return fc.array(plausible(doc, schema.items, ids, name, depth + 1), {
        minLength: schema.minItems ?? 0,
        maxLength: Math.min(schema.maxItems ?? 3, 3),
      });
    default: {
      const properties: Record<string, Schema> = schema.properties ?? {};
      if (!Object.keys(properties).length) return fc.constantFrom({}, { note: 'fuzz' });
      const fields = Object.fromEntries(
        Object.entries(properties).map(([key, s]) => [key, plausible(doc, s, ids, key, depth + 1)]),
      );
      return fc.record(fields, { requiredKeys: (schema.required ?? []).filter((k: string) => k in properties) });
    }
  }
}

/** Hostile changes to a plausible body: a field or two wrong, one required field missing, an unknown field, or no object at all. */
function hostileBody(doc: any, schema: Schema, ids: string[]): fc.Arbitrary<unknown> {
  const resolved = resolve(doc, schema);
  const base = plausible(doc, schema, ids);
  const keys = Object.keys(resolved.properties ?? {});
  const required: string[] = resolved.required ?? [];
  const variants: fc.WeightedArbitrary<unknown>[] = [
    { arbitrary: base, weight: 1 },
    { arbitrary: oddValue, weight: 1 },
  ];
  const asObject = (value: unknown) => (value && typeof value === 'object' ? (value as Record<string, unknown>) : {});
  if (keys.length) {
    variants.push({
      arbitrary: fc
        .tuple(base, fc.array(fc.tuple(fc.constantFrom(...keys), oddValue), { minLength: 1, maxLength: 2 }))
        .map(([body, changes]) => ({ ...asObject(body), ...Object.fromEntries(changes) })),
      weight: 6,
    });
    variants.push({
      arbitrary: fc
        .tuple(base, oddText(false), oddValue)
        .map(([body, key, value]) => ({ ...asObject(body), [key || 'unknown']: value })),
      weight: 1,
    });
  }
  if (required.length) {
    variants.push({
      arbitrary: fc.tuple(base, fc.constantFrom(...required)).map(([body, key]) => {
        const copy = { ...asObject(body) };
        delete copy[key];
        return copy;
      }),
      weight: 2,
    });
  }
  return fc.oneof(...variants);
}

/** Percent-encodes like a careless client: a lone surrogate goes out as the (invalid) UTF-8 bytes of its code unit. */
const encode = (text: string) =>
  [...text].map((ch) => (/[\uD800-\uDFFF]/.test(ch) ? '%ED%A0%80' : encodeURIComponent(ch))).join('');

const asQueryValue = (value: unknown) => (typeof value === 'string' ? value : (JSON.stringify(value) ?? ''));

/** `arbitrary` in one request of `1 + rest`, otherwise nothing. */
const sometimes = <T>(arbitrary: fc.Arbitrary<T>, rest: number) =>
  fc.oneof(
    { arbitrary: arbitrary as fc.Arbitrary<T | null>, weight: 1 },
    { arbitrary: fc.constant(null), weight: rest },
  );

/** A query string of the documented parameters, plausible or (when `hostile`) odd, sometimes with an undocumented one. */
function queryString(doc: any, op: any, ids: string[], hostile: boolean): fc.Arbitrary<string> {
  const declared: any[] = (op.parameters ?? []).filter((p: any) => p.in === 'query');
  const pairs = declared.map((p) => {
    const schema = resolve(doc, p.schema);
    const value =
      schema.type === 'object' || p.style === 'deepObject'
        ? fc
            .tuple(
              fc.oneof(
                fc.constantFrom('state', 'createdAt', 'addressBookId', 'isActive', 'entityId', 'entityType', 'q'),
                oddText(false),
              ),
              fc.constantFrom('', '[gte]', '[lte]', '[in]', '[]'),
              hostile ? oddText(false) : plausible(doc, { type: 'string' }, ids),
            )
            .map(([key, operator, v]) => `${encode(p.name)}[${encode(key)}]${operator}=${encode(asQueryValue(v))}`)
        : (hostile
            ? oddScalar.filter((v) => typeof v !== 'string' || v.length < 5000)
            : plausible(doc, schema, ids, p.name)
          ).map((v) => `${encode(p.name)}=${encode(asQueryValue(v))}`);
    return sometimes(value, hostile ? 1 : 3);
  });
  const extra = sometimes(
    fc.tuple(oddText(false), oddText(false)).map(([k, v]) => `${encode(k || 'x')}=${encode(v)}`),
    hostile ? 3 : 30,
  );
  return fc
    .tuple(fc.tuple(...pairs), extra)
    .map(([chosen, more]) => [...chosen, more].filter((p): p is string => !!p).join('&'));
}

const BROKEN_JSON = [
  '{"a":',
  '[',
  '{"a":1}}',
  'null',
  '"text"',
  '',
  '\u0000',
  '{"__proto__":{"x":1}}',
  '{"a":1,"a":2}',
  '1'.repeat(400),
];
const OTHER_TYPES = [
  'text/plain',
  'text/csv',
  'text/csv; charset=windows-1250',
  'application/xml',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  'application/json; charset=latin1',
];

/** The body a request carries: JSON built from the documented schema, or (when `hostile`) changed, broken, or of another content type. */
function payload(
  doc: any,
  op: any,
  ids: string[],
  hostile: boolean,
): fc.Arbitrary<{ headers: Record<string, string>; payload?: string }> {
  const schema = op.requestBody?.content?.['application/json']?.schema;
  const asJson = (body: unknown) => ({
    headers: { 'content-type': 'application/json' },
    payload: JSON.stringify(body) ?? 'null',
  });
  const none = fc.constant({ headers: {} as Record<string, string> });
  if (!hostile) return schema ? plausible(doc, schema, ids).map(asJson) : none;
  const json = (schema ? hostileBody(doc, schema, ids) : oddValue).map(asJson);
  const broken = fc
    .constantFrom(...BROKEN_JSON)
    .map((payload) => ({ headers: { 'content-type': 'application/json' }, payload }));
  const other = fc
    .tuple(fc.constantFrom(...OTHER_TYPES), oddText(true))
    .map(([type, payload]) => ({ headers: { 'content-type': type }, payload }));
  return fc.oneof(
    { arbitrary: json, weight: 8 },
    { arbitrary: broken, weight: 1 },
    { arbitrary: other, weight: 1 },
    { arbitrary: none, weight: 1 },
  );
}

/** How many inputs an operation takes (path ids, query parameters, body fields), plus one. */
export function inputCount({ path, op, doc }: Operation): number {
  const body = resolve(doc, op.requestBody?.content?.['application/json']?.schema);
  return (
    1 +
    (path.match(/\{/g)?.length ?? 0) +
    (op.parameters ?? []).filter((p: any) => p.in === 'query').length +
    Object.keys(body.properties ?? {}).length
  );
}

/**
 * Requests to one operation: who sends it, with which path ids, query and body. Mostly one part
 * is hostile and the rest plausible, so a request gets past the checks in front of the one it tests.
 */
export function hostileRequests({ path, method, op, doc }: Operation, ids: string[]): fc.Arbitrary<FuzzRequest> {
  const names = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
  const realId = ids.length ? fc.constantFrom(...ids) : fc.uuid();
  const idValue = (hostile: boolean) =>
    hostile ? fc.oneof({ arbitrary: fc.uuid(), weight: 1 }, { arbitrary: oddText(false), weight: 2 }) : realId;
  const who = fc.oneof(
    { arbitrary: fc.constant('admin' as const), weight: 6 },
    { arbitrary: fc.constant('outsider' as const), weight: 3 },
    { arbitrary: fc.constant('anonymous' as const), weight: 1 },
  );
  const withBody = method !== 'GET' && method !== 'DELETE';
  const parts = ['body', 'query', 'path', 'all'].filter(
    (part) => (part !== 'body' || withBody) && (part !== 'path' || names.length),
  );
  return fc.constantFrom(...parts).chain((hostilePart) =>
    fc
      .tuple(
        who,
        fc.tuple(...names.map(() => idValue(hostilePart === 'path' || hostilePart === 'all'))),
        queryString(doc, op, ids, hostilePart === 'query' || hostilePart === 'all'),
        withBody
          ? payload(doc, op, ids, hostilePart === 'body' || hostilePart === 'all')
          : fc.constant({ headers: {} as Record<string, string> }),
      )
      .map(([caller, values, query, body]) => {
        let i = 0;
        const filled = path.replace(/\{(\w+)\}/g, () => encode(values[i++] || '-'));
        return { who: caller, method, route: path, url: query ? `${filled}?${query}` : filled, ...body };
      }),
  );
}
