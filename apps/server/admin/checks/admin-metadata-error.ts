import { PluginLoadError } from '../../plugin-loader.js';

/** A plugin's admin metadata that points at nothing: the server says so in one line and does not start. */
export class AdminMetadataError extends PluginLoadError {}
