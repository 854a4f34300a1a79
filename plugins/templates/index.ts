/** The public API of the templates plugin: its events and the outbox other plugins notify through. */
export { TemplatesPlugin } from './templates.plugin.js';
export * from './constants.js';
export * from './events.js';
export { TemplatesSettings } from './settings.js';
export { MessagesService, type MessageView } from './messages/messages.service.js';
