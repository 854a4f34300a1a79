import { Body, Controller, Delete, Get, HttpCode, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Ctx, HistoryQueryDto, IdParam, NodeIn, NodeOf, Permission, RequestContext } from '@clientele/core';
import { Note } from './entities/note.entity.js';
import { NOTES_DELETE_ANY, NOTES_EDIT_ANY, NOTES_READ, NOTES_WRITE } from './constants.js';
import { AlertsQueryDto, CreateNoteDto, NoteListQueryDto, UpdateNoteDto } from './dto/note.dto.js';
import { NotesService } from './notes.service.js';

const ON_NOTE = NodeOf(Note, { seenWith: NOTES_READ, where: "on the note's record or above" });
/** Changing a note: the author needs only `notes.write`, which the service tells apart. */
const OR_AUTHOR = {
  node: ON_NOTE,
  or: NOTES_WRITE,
  where: `on the note's record or above; the author needs only ${NOTES_WRITE}`,
};

/** Notes on any record with a scope node. Private notes of others answer 404, as if they did not exist. */
@ApiTags('notes')
@ApiBearerAuth()
@Controller('api/notes')
export class NotesController {
  constructor(private readonly notes: NotesService) {}

  /** Newest first; `filter[nodeId]` for one record's notes, `q` to search, `deleted=include|only` to show deleted ones. */
  @Get()
  @Permission(NOTES_READ)
  list(@Query() query: NoteListQueryDto, @Ctx() ctx: RequestContext) {
    return this.notes.list(ctx, query);
  }

  /** Alert notes to show when the record at `node` is opened: its own and those of the records above it. */
  @Get('alerts')
  @Permission(NOTES_READ, NodeIn({ query: 'node' }, { where: 'on the opened record or above' }))
  alerts(@Query() query: AlertsQueryDto, @Ctx() ctx: RequestContext) {
    return this.notes.alerts(ctx, query);
  }

  /** The author is the caller and the time the server's. */
  @Post()
  @Permission(
    NOTES_WRITE,
    NodeIn({ body: 'nodeId' }, { seenWith: NOTES_READ, where: 'on the record the note is written on, or above' }),
  )
  create(@Body() body: CreateNoteDto, @Ctx() ctx: RequestContext) {
    return this.notes.create(ctx, body);
  }

  @Get(':id')
  @Permission(NOTES_READ, ON_NOTE)
  get(@IdParam() id: string, @Ctx() ctx: RequestContext) {
    return this.notes.get(ctx, id);
  }

  /** 409 with `currentVersion` when `version` is stale; only the author may change `private`. */
  @Patch(':id')
  @Permission(NOTES_EDIT_ANY, OR_AUTHOR)
  update(@IdParam() id: string, @Body() body: UpdateNoteDto, @Ctx() ctx: RequestContext) {
    return this.notes.update(ctx, id, body);
  }

  /** Soft delete; "show deleted" lists it with who deleted it and when. */
  @Delete(':id')
  @HttpCode(204)
  @Permission(NOTES_DELETE_ANY, OR_AUTHOR)
  remove(@IdParam() id: string, @Ctx() ctx: RequestContext) {
    return this.notes.remove(ctx, id);
  }

  /** Within the retention period (12 months unless configured); after it, 422. */
  @Post(':id/restore')
  @HttpCode(200)
  @Permission(NOTES_DELETE_ANY, OR_AUTHOR)
  restore(@IdParam() id: string, @Ctx() ctx: RequestContext) {
    return this.notes.restore(ctx, id);
  }

  /** Every change with the text before and after; entries of a private note only for its author. */
  @Get(':id/history')
  @Permission(NOTES_READ, ON_NOTE)
  history(@IdParam() id: string, @Query() query: HistoryQueryDto, @Ctx() ctx: RequestContext) {
    return this.notes.historyOf(ctx, id, query);
  }
}
