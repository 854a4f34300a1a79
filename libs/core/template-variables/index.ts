export { TemplateVariables, type TemplateVariableInfo, type TemplateValues } from './template-variables.service.js';
