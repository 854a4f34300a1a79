import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import {
  AccessService,
  HistoryQueryDto,
  HistoryQueryService,
  ListQueryDto,
  RecordService,
  RequestContext,
  ScopeTreeService,
  forbidden,
  invalid,
  notFound,
  paginate,
  refused,
} from '@clientele/core';
import { NOTE_TYPE, NOTES_DELETE_ANY, NOTES_EDIT_ANY, NOTES_READ, NOTES_WRITE } from './constants.js';
import { Note } from './entities/note.entity.js';
import type { AlertsQueryDto, CreateNoteDto, UpdateNoteDto } from './dto/note.dto.js';
import { sanitizeNoteText } from './note-text.js';
import {
  reassignHistoryVisibilitySql,
  noteListSpec,
  restrictToDeleted,
  restrictToVisibleNotes,
  searchText,
} from './notes-sql.js';

/** A note as the API shows it: the record plus the names of its author and of who deleted it. */
export interface NoteView {
  id: string;
  version: number;
  nodeId: string;
  text: string;
  private: boolean;
  alert: boolean;
  authorId: string | null;
  authorName: string | null;
  createdAt: Date;
  updatedAt: Date;
  deletedAt: Date | null;
  deletedBy: string | null;
  deletedByName: string | null;
}

@Injectable()
export class NotesService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly records: RecordService,
    private readonly access: AccessService,
    private readonly tree: ScopeTreeService,
    private readonly history: HistoryQueryService,
  ) {}

  private visible(ctx: RequestContext) {
    return restrictToVisibleNotes(this.db.getRepository(Note).createQueryBuilder('n'), this.access, ctx);
  }

  async list(ctx: RequestContext, query: ListQueryDto) {
    const qb = searchText(restrictToDeleted(this.visible(ctx), query.deleted), query.q);
    const page = await paginate(qb, query, noteListSpec);
    return { ...page, items: await this.present(page.items) };
  }

  /** Alerts to pop up when the record at `node` is opened: its own and those of the records it sits in. */
  async alerts(ctx: RequestContext, query: AlertsQueryDto) {
    const node = await this.tree.get(query.node);
    if (!node || node.disabled_at || !(await this.access.can(ctx, NOTES_READ, node.id))) throw notFound();
    const qb = this.visible(ctx).andWhere('n.alert AND n.deleted_at IS NULL AND n.node_id = ANY(:alertNodes::uuid[])', {
      alertNodes: node.path,
    });
    const page = await paginate(qb, query, noteListSpec);
    return { ...page, items: await this.present(page.items) };
  }

  async get(ctx: RequestContext, id: string) {
    return (await this.present([await this.find(ctx, id)]))[0];
  }

  async create(ctx: RequestContext, dto: CreateNoteDto) {
    const node = await this.tree.get(dto.nodeId);
    if (!node || node.disabled_at) throw notFound();
    await this.access.require(ctx, NOTES_WRITE, node.id, NOTES_READ);
    // Privacy hangs on the author: a private note without one would have history open to all.
    if (dto.private && !ctx.userId)
      throw invalid('private', 'NO_AUTHOR', 'Only a signed-in user can write a private note');
    const note = await this.records.create(
      Note,
      {
        nodeId: node.id,
        text: sanitizeNoteText(dto.text),
        private: dto.private ?? false,
        alert: dto.alert ?? false,
        authorId: ctx.userId || null,
        deletedAt: null,
        deletedBy: null,
      },
      ctx,
    );
    return (await this.present([note]))[0];
  }

  async update(ctx: RequestContext, id: string, dto: UpdateNoteDto) {
    const note = await this.find(ctx, id);
    if (note.deletedAt) throw refused('NOTE_DELETED', 'Restore the note before changing it');
    await this.requireAuthorOr(ctx, note, NOTES_EDIT_ANY);
    const turnsPrivacy = dto.private !== undefined && dto.private !== note.private;
    if (turnsPrivacy && !this.isAuthor(ctx, note) && !ctx.isMasterAdmin)
      throw forbidden('Only the author may make a note private or public');
    const text = dto.text === undefined ? undefined : sanitizeNoteText(dto.text);
    const saved = await this.records.update(
      Note,
      id,
      dto.version,
      async (record, manager) => {
        if (text !== undefined) record.text = text;
        if (dto.alert !== undefined) record.alert = dto.alert;
        if (dto.private !== undefined && dto.private !== record.private) {
          record.private = dto.private;
          await manager.query(reassignHistoryVisibilitySql, [NOTE_TYPE, id, record.private ? record.authorId : null]);
        }
      },
      ctx,
    );
    return (await this.present([saved]))[0];
  }

  async remove(ctx: RequestContext, id: string) {
    const note = await this.find(ctx, id);
    if (note.deletedAt) throw notFound();
    await this.requireAuthorOr(ctx, note, NOTES_DELETE_ANY);
    await this.records.softDelete(Note, id, ctx);
  }

  async restore(ctx: RequestContext, id: string) {
    const note = await this.find(ctx, id);
    await this.requireAuthorOr(ctx, note, NOTES_DELETE_ANY);
    return (await this.present([await this.records.restore(Note, id, ctx)]))[0];
  }

  /** The note's changes, previous texts included; entries of a private note only for its author. */
  async historyOf(ctx: RequestContext, id: string, query: HistoryQueryDto) {
    await this.find(ctx, id);
    return this.history.forRecord(ctx, NOTE_TYPE, id, query);
  }

  /** A note the caller may see, deleted or not; 404 otherwise (a private note of someone else does not exist for them). */
  private async find(ctx: RequestContext, id: string) {
    const note = await this.visible(ctx).andWhere('n.id = :id', { id }).getOne();
    if (!note) throw notFound('Note');
    return note;
  }

  private isAuthor(ctx: RequestContext, note: Note) {
    return !!ctx.userId && note.authorId === ctx.userId;
  }

  /** The author changes their own note with `notes.write`; anyone else needs `anyPermission` on the node. */
  private async requireAuthorOr(ctx: RequestContext, note: Note, anyPermission: string) {
    await this.access.require(ctx, this.isAuthor(ctx, note) ? NOTES_WRITE : anyPermission, note.nodeId, NOTES_READ);
  }

  private async present(notes: Note[]): Promise<NoteView[]> {
    const userIds = [...new Set(notes.flatMap((n) => [n.authorId, n.deletedBy]).filter((id): id is string => !!id))];
    const rows: { id: string; display_name: string }[] = userIds.length
      ? await this.db.query(`SELECT id, display_name FROM users WHERE id = ANY($1::uuid[])`, [userIds])
      : [];
    const names = new Map(rows.map((r) => [r.id, r.display_name]));
    return notes.map((n) => ({
      id: n.id,
      version: n.version,
      nodeId: n.nodeId,
      text: n.text,
      private: n.private,
      alert: n.alert,
      authorId: n.authorId,
      authorName: n.authorId ? (names.get(n.authorId) ?? null) : null,
      createdAt: n.createdAt,
      updatedAt: n.updatedAt,
      deletedAt: n.deletedAt,
      deletedBy: n.deletedBy,
      deletedByName: n.deletedBy ? (names.get(n.deletedBy) ?? null) : null,
    }));
  }
}
