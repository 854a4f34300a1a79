import { Injectable } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import type { RequestContext } from '../auth/request-context.js';
import { AppError, invalid } from '../errors/app-error.js';
import { PluginRegistry } from '../plugin/plugin-registry.js';
import type { TemplateVariableDefinition, TemplateVariableSource } from '../plugin/plugin.types.js';

/** A variable as listed for template authors: where it comes from and for which kind of record. */
export interface TemplateVariableInfo extends TemplateVariableDefinition {
  context: string;
  plugin: string;
}

export type TemplateValues = Record<string, unknown>;

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date);

/** Later sources add to the objects earlier ones gave (`customer.sla` beside `customer.name`); other values are replaced. */
function merge(into: TemplateValues, values: TemplateValues): TemplateValues {
  for (const [key, value] of Object.entries(values)) {
    into[key] = isPlainObject(into[key]) && isPlainObject(value) ? merge({ ...into[key] }, value) : value;
  }
  return into;
}

/**
 * The variables templates may use, per context (`customer`, `service`, `ticket` …), and their
 * values for one record: every enabled plugin's sources for the context, asked in plugin order.
 * Each source checks that the caller may read the record (404 otherwise), so one refusal
 * refuses all; the templates plugin renders with `values`.
 */
@Injectable()
export class TemplateVariables {
  private readonly sources: (TemplateVariableSource & { plugin: string })[];

  constructor(
    registry: PluginRegistry,
    private readonly moduleRef: ModuleRef,
  ) {
    this.sources = registry.templateVariableSources();
    // A source naming a method its provider lacks stops the start, before anything starts working, rather than failing the first template.
    for (const s of this.sources) {
      if (typeof s.provider.prototype?.[s.method] !== 'function') {
        throw new Error(
          `template variables of plugin "${s.plugin}", context "${s.context}": ${s.provider.name}.${s.method} is not a method`,
        );
      }
      if (s.manyMethod && typeof s.provider.prototype?.[s.manyMethod] !== 'function') {
        throw new Error(
          `template variables of plugin "${s.plugin}", context "${s.context}": ${s.provider.name}.${s.manyMethod} is not a method`,
        );
      }
    }
  }

  contexts(): string[] {
    return [...new Set(this.sources.map((s) => s.context))];
  }

  /** What exists for a context (all contexts without one). */
  list(context?: string): TemplateVariableInfo[] {
    if (context !== undefined) this.requireContext(context);
    return this.sources
      .filter((s) => context === undefined || s.context === context)
      .flatMap((s) => s.variables.map((v) => ({ ...v, context: s.context, plugin: s.plugin })));
  }

  /** The values for record `id` of the context as one nested object; 404 when the caller may not read it. */
  async values(context: string, id: string, ctx: RequestContext): Promise<TemplateValues> {
    this.requireContext(context);
    const sources = this.sources.filter((s) => s.context === context);
    const parts = await Promise.all(
      sources.map(
        (s) => this.moduleRef.get(s.provider, { strict: false })[s.method](id, ctx) as Promise<TemplateValues>,
      ),
    );
    return parts.reduce((all, part) => merge(all, part ?? {}), {} as TemplateValues);
  }

  /**
   * The values of many records of the context (bulk sends), keyed by id: only records the caller
   * may read (every source's refusal leaves a record out, as it refuses `values`). Set-based when
   * every source of the context has a `manyMethod`, else one `values` per record.
   */
  async manyValues(context: string, ids: string[], ctx: RequestContext): Promise<Map<string, TemplateValues>> {
    this.requireContext(context);
    const sources = this.sources.filter((s) => s.context === context);
    if (!sources.every((s) => s.manyMethod)) return this.oneByOne(context, ids, ctx);
    const parts = await Promise.all(
      sources.map(
        (s) =>
          this.moduleRef.get(s.provider, { strict: false })[s.manyMethod!](ids, ctx) as Promise<
            Map<string, TemplateValues>
          >,
      ),
    );
    const all = new Map<string, TemplateValues>();
    for (const id of ids) {
      if (parts.every((part) => part.has(id)))
        all.set(
          id,
          parts.reduce((values, part) => merge(values, part.get(id) ?? {}), {} as TemplateValues),
        );
    }
    return all;
  }

  private async oneByOne(context: string, ids: string[], ctx: RequestContext) {
    const all = new Map<string, TemplateValues>();
    for (const id of ids) {
      const values = await this.values(context, id, ctx).catch((error: unknown) => {
        if (error instanceof AppError && error.statusCode === 404) return null;
        throw error;
      });
      if (values) all.set(id, values);
    }
    return all;
  }

  private requireContext(context: string) {
    if (!this.sources.some((s) => s.context === context)) {
      throw invalid(
        'context',
        'UNKNOWN_CONTEXT',
        `No enabled plugin offers template variables for "${context}"; known: ${this.contexts().join(', ') || 'none'}`,
      );
    }
  }
}
