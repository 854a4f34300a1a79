/** What other plugins may use of notes: the plugin, its permissions and the service (e.g. to add a note from an import). */
export { NotesPlugin } from './notes.plugin.js';
export { NotesService, type NoteView } from './notes.service.js';
export { NOTES_READ, NOTES_WRITE, NOTES_EDIT_ANY, NOTES_DELETE_ANY, NOTE_TYPE } from './constants.js';
export { NoteCreated, NoteUpdated, NoteDeleted, NoteRestored, NotesPurged } from './events.js';
