import type { MigrationDefinition } from '../plugin/plugin.types.js';
import { coreSchema } from './0001-core.js';
import { authNotifications } from './0002-auth-notifications.js';
import { settingsSchema } from './0003-settings.js';
import { jobsEventsSchema } from './0004-jobs-events.js';
import { customFieldDefinitionsSchema } from './0005-custom-field-definitions.js';
import { nativeUuidV7 } from './0006-native-uuid-v7.js';
import { storedUploadsSchema } from './0007-stored-uploads.js';

/** Core's migrations in order; the host runs them before any plugin's. */
export const coreMigrations: MigrationDefinition[] = [
  coreSchema,
  authNotifications,
  settingsSchema,
  jobsEventsSchema,
  customFieldDefinitionsSchema,
  nativeUuidV7,
  storedUploadsSchema,
];
