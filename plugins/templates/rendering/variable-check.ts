import { HELPERS, parse } from './sandbox.js';

/** A variable the template uses but the context does not offer, or a construct it may not use. */
export interface TemplateProblem {
  code: 'UNKNOWN_VARIABLE' | 'TEMPLATE_SYNTAX' | 'NOT_ALLOWED';
  name?: string;
  line: number;
  column: number;
  message: string;
}

export interface KnownVariable {
  key: string;
  type?: string;
}

const OPEN_ENDED = new Set(['list', 'object']);

/** `customer.custom.<key>` stands for any key in that place; a list or object variable for anything below it. */
export function isKnown(path: string[], variables: KnownVariable[]): boolean {
  return variables.some(({ key, type }) => {
    const parts = key.split('.');
    const shared = Math.min(parts.length, path.length);
    for (let i = 0; i < shared; i++) if (parts[i] !== '<key>' && parts[i] !== path[i]) return false;
    return path.length <= parts.length || OPEN_ENDED.has(type ?? '');
  });
}

/**
 * Walks the template's syntax tree and reports every variable the context does not offer, with
 * its line and column (1-based), so a template is refused when saved rather than rendering blanks
 * at send time. Inside `{{#each list}}` the item's fields are the list's own and are not checked;
 * `{{#with object}}` checks its fields under the object's name.
 */
export function checkTemplate(source: string, variables: KnownVariable[]): TemplateProblem[] {
  let program: hbs.AST.Program;
  try {
    program = parse(source);
  } catch (error) {
    const message = (error as Error).message;
    const at = /line (\d+)/.exec(message);
    const column = /column (\d+)/.exec(message);
    return [
      {
        code: 'TEMPLATE_SYNTAX',
        line: Number(at?.[1] ?? 1),
        column: Number(column?.[1] ?? 0) + 1,
        message: message.split('\n')[0],
      },
    ];
  }
  const problems: TemplateProblem[] = [];
  /** Per block level: the name prefix of `this`, or null where it is a list item nobody declared. */
  const scopes: (string[] | null)[] = [[]];

  const where = (node: hbs.AST.Node) => ({
    line: node.loc?.start.line ?? 1,
    column: (node.loc?.start.column ?? 0) + 1,
  });

  const checkPath = (node: hbs.AST.PathExpression) => {
    if (node.data) return; // @index, @key, @first, @root …
    const scope = scopes[scopes.length - 1 - node.depth] ?? null;
    if (scope === null) return;
    const path = [...scope, ...node.parts];
    if (path.length === 0 || isKnown(path, variables)) return;
    const name = path.join('.');
    problems.push({ code: 'UNKNOWN_VARIABLE', name, ...where(node), message: `Unknown variable "${name}"` });
  };

  const checkExpression = (node: hbs.AST.Expression) => {
    if (node.type === 'PathExpression') checkPath(node as hbs.AST.PathExpression);
    if (node.type === 'SubExpression') {
      problems.push({ code: 'NOT_ALLOWED', ...where(node), message: 'Sub-expressions are not allowed in templates' });
    }
  };

  const checkHelper = (node: hbs.AST.Expression) => {
    const name = (node as hbs.AST.PathExpression).original;
    if (HELPERS.includes(name)) return true;
    problems.push({
      code: 'NOT_ALLOWED',
      name,
      ...where(node),
      message: `Unknown helper "${name}"; use ${HELPERS.join(', ')}`,
    });
    return false;
  };

  const visit = (statements: hbs.AST.Statement[]) => {
    for (const statement of statements) {
      if (statement.type === 'MustacheStatement') {
        const m = statement as hbs.AST.MustacheStatement;
        // A helper call: its arguments are the data.
        if (m.params.length || m.hash?.pairs.length) {
          if (checkHelper(m.path)) m.params.forEach(checkExpression);
        } else checkExpression(m.path);
      } else if (statement.type === 'BlockStatement') {
        const block = statement as hbs.AST.BlockStatement;
        if (!checkHelper(block.path)) continue;
        block.params.forEach(checkExpression);
        const helper = (block.path as hbs.AST.PathExpression).original;
        const subject = block.params[0]?.type === 'PathExpression' ? (block.params[0] as hbs.AST.PathExpression) : null;
        const outer = scopes[scopes.length - 1];
        const inner =
          helper === 'with' && subject && outer && !subject.data
            ? [...outer, ...subject.parts]
            : helper === 'each'
              ? null
              : outer;
        scopes.push(inner);
        visit(block.program?.body ?? []);
        scopes.pop();
        visit(block.inverse?.body ?? []);
      } else if (
        statement.type === 'PartialStatement' ||
        statement.type === 'PartialBlockStatement' ||
        statement.type === 'DecoratorBlock'
      ) {
        problems.push({
          code: 'NOT_ALLOWED',
          ...where(statement),
          message: 'Partials and decorators are not allowed in templates',
        });
      }
    }
  };
  visit(program.body);
  return problems;
}
