import { Injectable } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { PluginRegistry } from './plugin-registry.js';

/**
 * What one plugin (the consumer) asks of another that may be disabled (the provider). The
 * consumer owns the port: it defines the interface and the port beside the code that uses them
 * and exports both from its `index.ts`. The provider names the port by its id in its manifest
 * (`ports: [{ port: 'helpdesk.payment-score', useExisting: PaymentScoreSql }]`) and never imports
 * the consumer, so imports between plugins follow `dependencies` only (docs/plugins.md).
 */
export interface Port<T> {
  /** `<consumer>.<what it asks>`, e.g. `helpdesk.customer-group-terms`. */
  readonly id: string;
  /** Carries the interface's type; never set. */
  readonly __type?: T;
}

export function definePort<T>(id: string): Port<T> {
  return Object.freeze({ id });
}

/** The Nest token a provider line registers its implementation under. */
export const portToken = (id: string) => `clientele.port:${id}`;

/** Answers a port's implementation, or null while no enabled plugin provides it. */
@Injectable()
export class OptionalPorts {
  private readonly found = new Map<string, unknown>();

  constructor(
    private readonly plugins: PluginRegistry,
    private readonly modules: ModuleRef,
  ) {}

  get<T>(port: Port<T>): T | null {
    if (!this.plugins.portProvider(port.id)) return null;
    if (!this.found.has(port.id)) this.found.set(port.id, this.modules.get(portToken(port.id), { strict: false }));
    return this.found.get(port.id) as T;
  }
}
