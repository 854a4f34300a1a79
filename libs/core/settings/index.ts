export { SettingsService, SETTINGS_MANAGE, type PluginSettingsView } from './settings.service.js';
