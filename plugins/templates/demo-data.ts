import { Injectable } from '@nestjs/common';
import { RequestContext } from '@clientele/core';
import { SERVICE_SHEET_CODE } from './constants.js';
import { TemplatesService } from './templates/templates.service.js';

/** A welcome e-mail and a service settings sheet, so a fresh installation can send and print at once. */
@Injectable()
export class TemplatesDemoData {
  constructor(private readonly templates: TemplatesService) {}

  async seed() {
    const ctx = RequestContext.system();
    await this.templates.create(ctx, {
      channel: 'email',
      code: 'welcome',
      name: 'Welcome',
      language: 'cs',
      context: 'customer',
      subject: 'Vítejte, {{customer.name}}',
      html: '<p>Dobrý den,</p><p>děkujeme, že jste se stali našimi zákazníky. Vaše zákaznické číslo je <strong>{{customer.number}}</strong>.</p>{{#if service}}<p>Vaše služba: {{service.name}}</p>{{/if}}',
      text: 'Dobrý den,\n\nděkujeme, že jste se stali našimi zákazníky. Vaše zákaznické číslo je {{customer.number}}.',
    });
    await this.templates.create(ctx, {
      channel: 'document',
      code: SERVICE_SHEET_CODE,
      name: 'Service settings sheet',
      language: 'cs',
      context: 'service',
      subject: 'Nastavení služby {{service.name}}',
      text: '# Zákazník\n{{customer.name}} ({{customer.number}})\n# Služba\n{{service.name}} – {{service.template}}\n# Nastavení\n{{#each service.settings}}{{@key}}: {{this}}\n{{/each}}',
    });
    return ['Templates: a welcome e-mail and a service settings sheet'];
  }
}
