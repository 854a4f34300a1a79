import sanitizeHtml from 'sanitize-html';
import { invalid } from '@clientele/core';
import { MESSAGE_MAX_LENGTH } from '../constants.js';

/**
 * What a message may keep of HTML: text structure, emphasis, lists, quotes, code and links
 * (opened in a new tab, no referrer). Scripts, styles, images and event handlers are dropped, so
 * a message renders as HTML anywhere without further escaping.
 */
const policy: sanitizeHtml.IOptions = {
  allowedTags: ['p', 'br', 'b', 'i', 'u', 'strong', 'em', 'ul', 'ol', 'li', 'a', 'blockquote', 'pre', 'code'],
  allowedAttributes: { a: ['href', 'rel', 'target'] },
  allowedSchemes: ['http', 'https', 'mailto', 'tel'],
  allowProtocolRelative: false,
  transformTags: { a: sanitizeHtml.simpleTransform('a', { rel: 'noopener noreferrer nofollow', target: '_blank' }) },
};

const escape = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** Plain text (escaped, line breaks kept) or HTML (sanitised) in, safe HTML out; 400 on `field` when nothing readable is left. */
export function messageHtml(raw: string, format: 'text' | 'html' = 'text', field = 'body'): string {
  const html = format === 'html' ? sanitizeHtml(raw, policy).trim() : escape(raw.trim()).replace(/\r?\n/g, '<br>');
  const readable = sanitizeHtml(html, { allowedTags: [], allowedAttributes: {} }).trim();
  if (!readable) throw invalid(field, 'EMPTY_TEXT', 'The message has no text (markup that is not allowed is removed)');
  if (html.length > MESSAGE_MAX_LENGTH)
    throw invalid(field, 'TOO_LONG', `A message may hold at most ${MESSAGE_MAX_LENGTH} characters`);
  return html;
}

/** The first words of a message as plain text, for notifications. */
export function excerpt(html: string, length = 140): string {
  const text = sanitizeHtml(html, { allowedTags: [], allowedAttributes: {} }).replace(/\s+/g, ' ').trim();
  return text.length > length ? `${text.slice(0, length - 1)}…` : text;
}
