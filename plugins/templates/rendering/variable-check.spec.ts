import { checkTemplate, isKnown } from './variable-check.js';

const variables = [
  { key: 'customer.name', type: 'string' },
  { key: 'customer.custom.<key>', type: 'string' },
  { key: 'customer.taxIds', type: 'list' },
  { key: 'service.name', type: 'string' },
];

describe('template variable check', () => {
  it('accepts declared variables, a key in a <key> place and anything below a list', () => {
    expect(isKnown(['customer', 'name'], variables)).toBe(true);
    expect(isKnown(['customer', 'custom', 'tariff'], variables)).toBe(true);
    expect(isKnown(['customer', 'taxIds', '0', 'value'], variables)).toBe(true);
    expect(isKnown(['customer'], variables)).toBe(true);
    expect(isKnown(['customer', 'nmae'], variables)).toBe(false);
    expect(isKnown(['customer', 'name', 'first'], variables)).toBe(false);
  });

  it('names an unknown variable with the line and column where its name starts', () => {
    const problems = checkTemplate('Dear {{customer.name}},\n  your {{customer.nmae}} …', variables);
    expect(problems).toEqual([
      {
        code: 'UNKNOWN_VARIABLE',
        name: 'customer.nmae',
        line: 2,
        column: 10,
        message: 'Unknown variable "customer.nmae"',
      },
    ]);
  });

  it('checks the arguments of blocks and the fields under {{#with}}, not the items of {{#each}}', () => {
    const source =
      '{{#if service.name}}{{#with customer}}{{name}}{{phone}}{{/with}}{{/if}}{{#each customer.taxIds}}{{value}}{{@index}}{{/each}}';
    expect(checkTemplate(source, variables).map((p) => p.name)).toEqual(['customer.phone']);
  });

  it('reports a syntax error with its line and refuses partials', () => {
    expect(checkTemplate('Hello\n{{#if customer.name}}', variables)[0]).toMatchObject({
      code: 'TEMPLATE_SYNTAX',
      line: 2,
    });
    expect(checkTemplate('{{> footer}}', variables)[0]).toMatchObject({ code: 'NOT_ALLOWED', line: 1, column: 1 });
  });

  it('checks a path up out of an {{#each}} against the variables outside it', () => {
    expect(
      checkTemplate('{{#each customer.taxIds}}{{../customer.name}}{{../customer.x}}{{/each}}', variables).map(
        (p) => p.name,
      ),
    ).toEqual(['customer.x']);
  });
});

describe('template helpers', () => {
  it('refuses a helper beyond if, unless, each, with and lookup, naming it', () => {
    expect(checkTemplate('{{log customer.name}}\n{{#raw}}x{{/raw}}', variables)).toEqual([
      expect.objectContaining({ code: 'NOT_ALLOWED', name: 'log', line: 1, column: 3 }),
      expect.objectContaining({ code: 'NOT_ALLOWED', name: 'raw', line: 2, column: 4 }),
    ]);
  });
});
