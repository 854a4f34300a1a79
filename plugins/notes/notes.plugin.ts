import { ClientelePlugin } from '@clientele/core';
import { NOTES_DELETE_ANY, NOTES_EDIT_ANY, NOTES_READ, NOTES_WRITE } from './constants.js';
import { Note } from './entities/note.entity.js';
import { noteEvents } from './events.js';
import { notesSchema } from './migrations/0001-notes.js';
import { NotesController } from './notes.controller.js';
import { NotesService } from './notes.service.js';
import { notesResource, notesTab } from './admin/notes.admin.js';
import { NotesDemoData } from './demo-data.js';

@ClientelePlugin({
  id: 'notes',
  version: '1.0.0',
  description: 'Notes on any record: private notes, alerts that pop up on opening, history and soft delete',
  entities: [Note],
  migrations: [notesSchema],
  permissions: [
    { name: NOTES_READ, description: 'Read the notes on a record and below (private notes of others stay hidden)' },
    { name: NOTES_WRITE, description: "Write notes, and change or delete one's own" },
    { name: NOTES_EDIT_ANY, description: 'Change notes written by others' },
    { name: NOTES_DELETE_ANY, description: 'Delete and restore notes written by others' },
  ],
  roles: [
    { code: 'administrator', permissions: [NOTES_READ, NOTES_WRITE, NOTES_EDIT_ANY, NOTES_DELETE_ANY] },
    { code: 'caller', permissions: [NOTES_READ, NOTES_WRITE] },
  ],
  controllers: [NotesController],
  providers: [NotesService],
  exports: [NotesService],
  adminResources: [notesResource],
  adminTabs: [notesTab],
  events: { emits: Object.values(noteEvents) },
  seeds: [{ provider: NotesDemoData, method: 'seed' }],
})
export class NotesPlugin {}
