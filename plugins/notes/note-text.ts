import sanitizeHtml from 'sanitize-html';
import { invalid } from '@clientele/core';
import { NOTE_MAX_LENGTH } from './constants.js';

/**
 * The markup a note may keep: paragraphs, line breaks, emphasis, lists and links. Anything
 * else (scripts, styles, event handlers, images, javascript: links) is dropped, so a note can
 * be rendered as HTML on any card without further escaping.
 */
const policy: sanitizeHtml.IOptions = {
  allowedTags: ['p', 'br', 'b', 'i', 'u', 'strong', 'em', 'ul', 'ol', 'li', 'a', 'blockquote'],
  // rel and target are always overwritten by the transform below.
  allowedAttributes: { a: ['href', 'rel', 'target'] },
  allowedSchemes: ['http', 'https', 'mailto', 'tel'],
  allowProtocolRelative: false,
  transformTags: { a: sanitizeHtml.simpleTransform('a', { rel: 'noopener noreferrer nofollow', target: '_blank' }) },
};

/** Plain text or HTML in, safe HTML out; 400 on the `text` field when nothing readable is left. */
export function sanitizeNoteText(raw: string): string {
  const text = sanitizeHtml(raw, policy).trim();
  const readable = sanitizeHtml(text, { allowedTags: [], allowedAttributes: {} }).trim();
  if (!readable) throw invalid('text', 'EMPTY_TEXT', 'The note has no text (markup that is not allowed is removed)');
  if (text.length > NOTE_MAX_LENGTH)
    throw invalid('text', 'TOO_LONG', `A note may hold at most ${NOTE_MAX_LENGTH} characters`);
  return text;
}
