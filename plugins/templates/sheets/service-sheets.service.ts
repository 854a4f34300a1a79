import { Injectable } from '@nestjs/common';
import { RequestContext, TemplateVariables, invalid } from '@clientele/core';
import { SERVICE_SHEET_CODE } from '../constants.js';
import type { MessageTemplate } from '../entities/message-template.entity.js';
import { CompiledTemplates } from '../rendering/compiled-templates.js';
import { TemplatesService } from '../templates/templates.service.js';
import { pdfOf } from './pdf-document.js';

export interface ServiceSheet {
  filename: string;
  data: Buffer;
  /** The customer the service belongs to, by number, as the caller sees it (null when they may not read the customer). */
  customerNumber: string | null;
}

/** The service settings sheet: a document template rendered on a service, as a PDF to print or attach. */
@Injectable()
export class ServiceSheets {
  constructor(
    private readonly variables: TemplateVariables,
    private readonly templates: TemplatesService,
    private readonly compiled: CompiledTemplates,
  ) {}

  /** 404 unless the caller may read the service; the template is `templateId`, else the one coded `service-sheet`. */
  async render(ctx: RequestContext, serviceId: string, templateId?: string, language?: string): Promise<ServiceSheet> {
    const values = (await this.variables.values('service', serviceId, ctx)) as {
      service: { name: string };
      customer: { number: string } | null;
    };
    const template = await this.template(templateId, language);
    const rendered = this.compiled.render(template, values);
    const title = rendered.subject?.trim() || template.name;
    const data = await pdfOf(title, rendered.text ?? '');
    return {
      filename: `${fileNameOf(values.service.name)}.pdf`,
      data,
      customerNumber: values.customer?.number ?? null,
    };
  }

  private async template(templateId: string | undefined, language?: string): Promise<MessageTemplate> {
    const template = await (
      templateId ? this.templates.get(templateId) : this.templates.byCode('document', SERVICE_SHEET_CODE, language)
    ).catch(() => {
      throw invalid(
        'templateId',
        'NOT_FOUND',
        templateId ? 'No such template' : `No document template coded "${SERVICE_SHEET_CODE}"`,
      );
    });
    if (template.channel !== 'document' || template.context !== 'service') {
      throw invalid('templateId', 'WRONG_TEMPLATE', 'Choose a document template written for services');
    }
    return template;
  }
}

/** A file name any system accepts: letters (any script), digits, dashes. */
const fileNameOf = (name: string) =>
  name
    .normalize('NFC')
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80) || 'service';
