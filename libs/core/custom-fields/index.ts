export * from './custom-field.entity.js';
export * from './custom-field-values.js';
export * from './custom-fields.service.js';
