import { Body, Controller, Delete, Get, HttpCode, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Ctx, RequestContext } from '../auth/request-context.js';
import { forbidden } from '../errors/app-error.js';
import { IdParam } from '../http/id-param.js';
import { NodeIn, NodeOf, Permission } from '../http/permission.decorator.js';
import { ListQueryDto } from '../records/list-query.dto.js';
import { AccessService } from './access.service.js';
import { Role, UserGroup } from './access.entities.js';
import {
  CreateGrantDto,
  CreateRoleDto,
  CreateUserGroupDto,
  ExplainQueryDto,
  UpdateRoleDto,
  UpdateUserGroupDto,
} from './access.dto.js';
import { GrantsService } from './grants.service.js';
import { ACCESS_MANAGE, ACCESS_READ } from './permissions.js';
import { RolesService } from './roles.service.js';
import { ScopeTreeService } from './scope-tree.service.js';
import { UserGroupsService } from './user-groups.service.js';

const OWNED_ROLE = NodeOf(Role, { seenWith: ACCESS_READ, where: 'on the owner node (the system for a global role)' });
const OWNED_GROUP = NodeOf(UserGroup, {
  seenWith: ACCESS_READ,
  where: "on the group's owner node (the system for a global group)",
});

@ApiTags('access')
@ApiBearerAuth()
@Controller('api/access')
export class AccessController {
  constructor(
    private readonly access: AccessService,
    private readonly roles: RolesService,
    private readonly tree: ScopeTreeService,
  ) {}

  /** Why may (or may not) this user do this here? Lists the grants that allow it. */
  @Get('explain')
  @Permission(ACCESS_READ, { self: { query: 'user' }, where: 'on the node (or none to explain your own access)' })
  async explain(@Query() query: ExplainQueryDto, @Ctx() ctx: RequestContext) {
    if (query.user !== ctx.userId && !(await this.access.can(ctx, ACCESS_READ, query.node)))
      throw forbidden('You may not inspect access here');
    return this.access.explain(query.user, query.permission, query.node);
  }

  @Get('permissions')
  permissions() {
    return { items: this.roles.knownPermissions() };
  }

  @Get('scope-kinds')
  scopeKinds() {
    return { items: this.tree.kindDefinitions() };
  }
}

@ApiTags('access')
@ApiBearerAuth()
@Controller('api/roles')
export class RolesController {
  constructor(private readonly roles: RolesService) {}

  @Get() @Permission(ACCESS_READ, 'somewhere; lists the global roles and those owned by nodes where it is held') list(
    @Query() query: ListQueryDto,
    @Ctx() ctx: RequestContext,
  ) {
    return this.roles.list(ctx, query);
  }
  @Post() @Permission(ACCESS_MANAGE, 'on the owner node (the system for a global role)') create(
    @Body() body: CreateRoleDto,
    @Ctx() ctx: RequestContext,
  ) {
    return this.roles.create(body, ctx);
  }
  @Get(':id') @Permission(ACCESS_READ, 'on the owner node (somewhere for a global role)') get(
    @IdParam() id: string,
    @Ctx() ctx: RequestContext,
  ) {
    return this.roles.get(id, ctx);
  }
  @Patch(':id') @Permission(ACCESS_MANAGE, OWNED_ROLE) update(
    @IdParam() id: string,
    @Body() body: UpdateRoleDto,
    @Ctx() ctx: RequestContext,
  ) {
    return this.roles.update(id, body, ctx);
  }
  @Delete(':id') @HttpCode(204) @Permission(ACCESS_MANAGE, OWNED_ROLE) remove(
    @IdParam() id: string,
    @Ctx() ctx: RequestContext,
  ) {
    return this.roles.remove(id, ctx);
  }
}

@ApiTags('access')
@ApiBearerAuth()
@Controller('api/user-groups')
export class UserGroupsController {
  constructor(private readonly groups: UserGroupsService) {}

  @Get() @Permission(ACCESS_READ, 'somewhere; lists the global groups and those owned by nodes where it is held') list(
    @Query() query: ListQueryDto,
    @Ctx() ctx: RequestContext,
  ) {
    return this.groups.list(ctx, query);
  }
  @Post() @Permission(ACCESS_MANAGE, 'on the owner node (the system for a global group)') create(
    @Body() body: CreateUserGroupDto,
    @Ctx() ctx: RequestContext,
  ) {
    return this.groups.create(body, ctx);
  }
  @Get(':id')
  @Permission(ACCESS_READ, NodeOf(UserGroup, { where: 'on the owner node (the system for a global group)' }))
  get(@IdParam() id: string, @Ctx() ctx: RequestContext) {
    return this.groups.get(id, ctx);
  }
  @Patch(':id') @Permission(ACCESS_MANAGE, OWNED_GROUP) update(
    @IdParam() id: string,
    @Body() body: UpdateUserGroupDto,
    @Ctx() ctx: RequestContext,
  ) {
    return this.groups.update(id, body, ctx);
  }
  @Delete(':id') @HttpCode(204) @Permission(ACCESS_MANAGE, OWNED_GROUP) remove(
    @IdParam() id: string,
    @Ctx() ctx: RequestContext,
  ) {
    return this.groups.remove(id, ctx);
  }

  @Post(':id/members/:userId')
  @HttpCode(204)
  @Permission(ACCESS_MANAGE, OWNED_GROUP)
  addMember(@IdParam() id: string, @IdParam('userId') userId: string, @Ctx() ctx: RequestContext) {
    return this.groups.addMember(id, userId, ctx);
  }

  @Delete(':id/members/:userId')
  @HttpCode(204)
  @Permission(ACCESS_MANAGE, OWNED_GROUP)
  removeMember(@IdParam() id: string, @IdParam('userId') userId: string, @Ctx() ctx: RequestContext) {
    return this.groups.removeMember(id, userId, ctx);
  }
}

@ApiTags('access')
@ApiBearerAuth()
@Controller('api/grants')
export class GrantsController {
  constructor(private readonly grants: GrantsService) {}

  @Get() @Permission(ACCESS_READ, 'on the node of each listed grant or above') list(
    @Query() query: ListQueryDto,
    @Ctx() ctx: RequestContext,
  ) {
    return this.grants.list(ctx, query);
  }
  @Post()
  @Permission(
    ACCESS_MANAGE,
    NodeIn(
      { body: 'nodeId' },
      { seenWith: ACCESS_READ, where: 'on the node granted on, with every permission of the role there' },
    ),
  )
  create(@Body() body: CreateGrantDto, @Ctx() ctx: RequestContext) {
    return this.grants.create(body, ctx);
  }
  @Delete(':id') @HttpCode(204) @Permission(ACCESS_MANAGE, 'on the node granted on') remove(
    @IdParam() id: string,
    @Ctx() ctx: RequestContext,
  ) {
    return this.grants.remove(id, ctx);
  }
}
