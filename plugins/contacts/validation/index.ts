export * from './phone.js';
export * from './bank.js';
export * from './ico.js';
export * from './inn.js';
export * from './vat-id.js';
export * from './gps.js';
export * from './tax-id.js';
export * from './email.js';
