/** Templates of documents printed as PDF (the service settings sheet) beside e-mail and SMS. */
export const documentTemplatesSchema = {
  name: '0003-document-templates',
  up: `
ALTER TABLE message_templates DROP CONSTRAINT message_templates_channel_check;
ALTER TABLE message_templates ADD CONSTRAINT message_templates_channel_check CHECK (channel IN ('email', 'sms', 'document'));
`,
};
