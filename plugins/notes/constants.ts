export const NOTES_READ = 'notes.read';
export const NOTES_WRITE = 'notes.write';
export const NOTES_EDIT_ANY = 'notes.edit_any';
export const NOTES_DELETE_ANY = 'notes.delete_any';

/** The record kind of a note in history and events. */
export const NOTE_TYPE = 'note';

/** Longest note accepted, in characters of the sanitised text. */
export const NOTE_MAX_LENGTH = 20_000;
