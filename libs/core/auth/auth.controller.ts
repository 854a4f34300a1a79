import { Body, Controller, Delete, Get, HttpCode, Patch, Post, Query } from '@nestjs/common';
import { IdParam } from '../http/id-param.js';
import { NodeOf, OnSystem, Permission } from '../http/permission.decorator.js';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { forbidden, notFound } from '../errors/app-error.js';
import { ListQueryDto } from '../records/list-query.dto.js';
import {
  ActivateDto,
  CreateApiKeyDto,
  CreateUserDto,
  LoginDto,
  UpdatePreferencesDto,
  UpdateUserDto,
} from './auth.dto.js';
import { AuthService } from './auth.service.js';
import { Ctx, Public, RequestContext } from './request-context.js';
import { USERS_MANAGE, USERS_READ, UsersService } from './users.service.js';
import { AccessService } from '../access/access.service.js';
import { User } from './user.entity.js';

@ApiTags('auth')
@Controller('api/auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    @InjectDataSource() private readonly db: DataSource,
  ) {}

  @Public()
  @Post('login')
  @HttpCode(200)
  login(@Body() body: LoginDto, @Ctx() ctx: RequestContext) {
    return this.auth.login(body.email, body.password, ctx.ip);
  }

  @Post('logout')
  @HttpCode(204)
  async logout(@Ctx() ctx: RequestContext) {
    await this.auth.revokeToken(ctx.user!.tokenId);
  }

  @Public()
  @Post('activate')
  @HttpCode(204)
  async activate(@Body() body: ActivateDto) {
    await this.auth.activate(body.token, body.password);
  }

  /** API keys for integrations: they act as the user they belong to, until revoked. */
  @Post('api-keys')
  async createApiKey(@Body() body: CreateApiKeyDto, @Ctx() ctx: RequestContext) {
    const userId = body.userId ?? ctx.userId!;
    if (userId !== ctx.userId && !ctx.isMasterAdmin) throw forbidden('Only master admins issue keys for other users');
    const key = await this.auth.issueToken(userId, 'api_key', body.name, null);
    return { key, userId, name: body.name };
  }

  @Get('api-keys')
  async listApiKeys(@Ctx() ctx: RequestContext) {
    const rows = await this.db.query(
      `SELECT id, name, created_at AS "createdAt", last_used_at AS "lastUsedAt", revoked_at AS "revokedAt"
         FROM auth_tokens WHERE user_id = $1 AND kind = 'api_key' ORDER BY created_at DESC`,
      [ctx.userId],
    );
    return { items: rows };
  }

  @Delete('api-keys/:id')
  @HttpCode(204)
  async revokeApiKey(@IdParam() id: string, @Ctx() ctx: RequestContext) {
    if (!(await this.auth.revokeToken(id, ctx.isMasterAdmin ? undefined : ctx.userId!))) throw notFound('API key');
  }
}

@ApiTags('users')
@ApiBearerAuth()
@Controller('api')
export class UsersController {
  constructor(
    private readonly users: UsersService,
    private readonly access: AccessService,
  ) {}

  @Get('me')
  me(@Ctx() ctx: RequestContext) {
    return this.users.get(ctx.userId!, ctx).then(async (user) => ({
      ...user,
      grants: await this.access.grantsSummary(ctx),
    }));
  }

  @Patch('me/preferences')
  async preferences(@Body() body: UpdatePreferencesDto, @Ctx() ctx: RequestContext) {
    const user = await this.users.update(ctx.userId!, { preferences: body.preferences }, undefined, ctx);
    return user.preferences;
  }

  @Get('users')
  @Permission(USERS_READ, "on the users' home node (the system for staff)")
  list(@Query() query: ListQueryDto, @Ctx() ctx: RequestContext) {
    return this.users.list(ctx, query);
  }

  @Post('users')
  @Permission(USERS_MANAGE, OnSystem())
  async create(@Body() body: CreateUserDto, @Ctx() ctx: RequestContext) {
    return this.users.create(body, ctx);
  }

  @Get('users/:id')
  @Permission(USERS_READ, {
    node: NodeOf(User),
    self: 'id',
    where: "on the user's home node (the system for staff; none for yourself)",
  })
  get(@IdParam() id: string, @Ctx() ctx: RequestContext) {
    return this.users.get(id, ctx);
  }

  @Patch('users/:id')
  @Permission(USERS_MANAGE, {
    node: NodeOf(User, { seenWith: USERS_READ }),
    self: 'id',
    where: "on the user's home node (the system for staff; none to change your own name or password)",
  })
  update(@IdParam() id: string, @Body() body: UpdateUserDto, @Ctx() ctx: RequestContext) {
    const { version, ...patch } = body;
    return this.users.update(id, patch, version, ctx);
  }
}
