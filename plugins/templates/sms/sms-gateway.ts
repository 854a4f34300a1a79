import { Injectable } from '@nestjs/common';
import { SettingsService } from '@clientele/core';
import type { SmsGatewayFormat } from '../constants.js';
import type { Message } from '../entities/message.entity.js';
import { TemplatesSettings } from '../settings.js';

/** How long a gateway may take to answer before the attempt counts as failed (and is retried). */
const GATEWAY_TIMEOUT_MS = 15_000;

type Values = Record<'to' | 'text' | 'token' | 'reference', string>;

/** Fills `{{to}}`, `{{text}}`, `{{token}}` and `{{reference}}`, each escaped by `escape`; anything else stays as written. */
const fill = (template: string, values: Values, escape: (v: string) => string) =>
  template.replace(/\{\{\s*(to|text|token|reference)\s*\}\}/g, (_, name: keyof Values) => escape(values[name]));

const ESCAPES: Record<SmsGatewayFormat, (v: string) => string> = {
  json: (v) => JSON.stringify(v).slice(1, -1),
  form: encodeURIComponent,
};

/**
 * An HTTP SMS gateway as the operator describes it in the settings: where and how to call, the
 * payload with the number and the text, and what answer counts as accepted. Anything else throws,
 * so the outbox retries and finally parks the message with the gateway's answer.
 */
@Injectable()
export class SmsGateway {
  constructor(private readonly settings: SettingsService) {}

  async configured(): Promise<boolean> {
    return !!(await this.settings.get(TemplatesSettings)).smsGatewayUrl;
  }

  /** Takes the settings from its caller and never reads the database (see SmtpTransport). */
  async send(message: Message, s: Readonly<TemplatesSettings>): Promise<void> {
    if (!s.smsGatewayUrl) throw new Error('No SMS gateway is configured');
    const values: Values = {
      to: message.recipients[0],
      text: message.text ?? '',
      token: s.smsGatewayToken ?? '',
      // The same on every attempt: a gateway that drops a repeated client reference sends a retried SMS once.
      reference: message.id,
    };
    const headers: Record<string, string> = {};
    if (s.smsGatewayToken) headers.authorization = `Bearer ${s.smsGatewayToken}`;
    let body: string | undefined;
    if (s.smsGatewayMethod !== 'GET') {
      body = fill(s.smsGatewayPayload, values, ESCAPES[s.smsGatewayFormat]);
      headers['content-type'] =
        s.smsGatewayFormat === 'json' ? 'application/json; charset=utf-8' : 'application/x-www-form-urlencoded';
    }
    const response = await fetch(fill(s.smsGatewayUrl, values, encodeURIComponent), {
      method: s.smsGatewayMethod,
      headers,
      body,
      redirect: 'error',
      signal: AbortSignal.timeout(GATEWAY_TIMEOUT_MS),
    });
    const answer = (await response.text()).slice(0, 1000);
    if (!response.ok) throw new Error(`The SMS gateway answered ${response.status}: ${answer}`);
    if (s.smsGatewaySuccessText && !answer.includes(s.smsGatewaySuccessText)) {
      throw new Error(`The SMS gateway did not confirm the message: ${answer}`);
    }
  }
}
