import { Body, Controller, Delete, Get, HttpCode, Patch, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Ctx, HistoryQueryDto, IdParam, RequestContext } from '@clientele/core';
import { AlertsQueryDto, CreateNoteDto, NoteListQueryDto, UpdateNoteDto } from './dto/note.dto.js';
import { NotesService } from './notes.service.js';

/** Notes on any record with a scope node. Reading needs `notes.read` on the node or above. */
@ApiTags('notes')
@Controller('api/notes')
export class NotesController {
  constructor(private readonly notes: NotesService) {}

  /** Newest first; `filter[nodeId]` for one record's notes, `q` to search, `deleted=include|only` to show deleted ones. */
  @Get() list(@Query() query: NoteListQueryDto, @Ctx() ctx: RequestContext) { return this.notes.list(ctx, query); }

  /** Alert notes to show when the record at `node` is opened (its own and those of the records above it). */
  @Get('alerts') alerts(@Query() query: AlertsQueryDto, @Ctx() ctx: RequestContext) { return this.notes.alerts(ctx, query); }

  /** Needs `notes.write` on the node; the author is the caller. */
  @Post() create(@Body() body: CreateNoteDto, @Ctx() ctx: RequestContext) { return this.notes.create(ctx, body); }

  @Get(':id') get(@IdParam() id: string, @Ctx() ctx: RequestContext) { return this.notes.get(ctx, id); }

  /** The author (with `notes.write`) or whoever holds `notes.edit_any`; 409 when `version` is stale. */
  @Patch(':id') update(@IdParam() id: string, @Body() body: UpdateNoteDto, @Ctx() ctx: RequestContext) { return this.notes.update(ctx, id, body); }

  /** Soft delete: the author (with `notes.write`) or whoever holds `notes.delete_any`. */
  @Delete(':id') @HttpCode(204) remove(@IdParam() id: string, @Ctx() ctx: RequestContext) { return this.notes.remove(ctx, id); }

  @Post(':id/restore') @HttpCode(200) restore(@IdParam() id: string, @Ctx() ctx: RequestContext) { return this.notes.restore(ctx, id); }

  @Get(':id/history') history(@IdParam() id: string, @Query() query: HistoryQueryDto, @Ctx() ctx: RequestContext) {
    return this.notes.historyOf(ctx, id, query);
  }
}
