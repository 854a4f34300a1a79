import { RecordChanged, RecordsPurged } from '@clientele/core';

/** A note was written; live updates reach those who may read notes at its record (a private one: its author). */
export class NoteCreated extends RecordChanged {
  static readonly type = 'note.created';
}

export class NoteUpdated extends RecordChanged {
  static readonly type = 'note.updated';
}

export class NoteDeleted extends RecordChanged {
  static readonly type = 'note.deleted';
}

export class NoteRestored extends RecordChanged {
  static readonly type = 'note.restored';
}

/** Deleted notes past their retention are gone for good. */
export class NotesPurged extends RecordsPurged {
  static readonly type = 'note.purged';
}

/** Every event the notes plugin publishes (all through RecordService and RetentionService). */
export const noteEvents = {
  created: NoteCreated,
  updated: NoteUpdated,
  deleted: NoteDeleted,
  restored: NoteRestored,
  purged: NotesPurged,
};
