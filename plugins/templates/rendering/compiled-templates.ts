import { Injectable } from '@nestjs/common';
import type { MessageTemplate } from '../entities/message-template.entity.js';
import { compile, type Renderer } from './sandbox.js';

export interface RenderedMessage {
  subject: string | null;
  html: string | null;
  text: string | null;
}

type Part = 'subject' | 'html' | 'text';

/**
 * Compiled templates kept per process. The key carries the template's version, so an edit made
 * through any process is never rendered stale; the edited template's older entries are dropped
 * when this process sees the edit.
 */
@Injectable()
export class CompiledTemplates {
  private readonly cache = new Map<string, Renderer>();

  render(template: MessageTemplate, values: Record<string, unknown>): RenderedMessage {
    const part = (name: Part) => {
      const source = template[name];
      if (!source) return null;
      const key = `${template.id}:${template.version}:${name}`;
      let renderer = this.cache.get(key);
      if (!renderer) {
        this.forgetOlder(template.id, template.version);
        renderer = compile(source, name === 'html' ? 'html' : 'text');
        this.cache.set(key, renderer);
      }
      return renderer(values);
    };
    return { subject: part('subject'), html: part('html'), text: part('text') };
  }

  private forgetOlder(templateId: string, version: number) {
    for (const key of this.cache.keys()) {
      if (key.startsWith(`${templateId}:`) && !key.startsWith(`${templateId}:${version}:`)) this.cache.delete(key);
    }
  }
}
