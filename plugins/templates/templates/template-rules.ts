import { AppError, type TemplateVariableInfo } from '@clientele/core';
import { checkTemplate } from '../rendering/variable-check.js';

export interface TemplateParts {
  subject?: string | null;
  html?: string | null;
  text?: string | null;
}

/**
 * Refuses a template that uses a variable its context does not offer (or broken syntax), naming
 * the part, the variable, its line and column — found when the template is saved, not when an
 * e-mail goes out with blanks in it.
 */
export function requireKnownVariables(parts: TemplateParts, variables: TemplateVariableInfo[]) {
  const details = (['subject', 'html', 'text'] as const).flatMap((field) => {
    const source = parts[field];
    if (!source) return [];
    return checkTemplate(source, variables).map((p) => ({
      field,
      code: p.code,
      message: `${p.message} at line ${p.line}, column ${p.column}`,
      ...(p.name ? { variable: p.name } : {}),
      line: p.line,
      column: p.column,
    }));
  });
  if (details.length) {
    throw new AppError(400, 'VALIDATION_FAILED', details.map((d) => `${d.field}: ${d.message}`).join('; '), details);
  }
}
