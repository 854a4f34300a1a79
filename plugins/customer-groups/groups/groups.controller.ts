import { Body, Controller, Delete, Get, HttpCode, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Ctx, HistoryQueryDto, IdParam, OnSystem, Permission, RequestContext } from '@clientele/core';
import { IN_GROUP, ON_CUSTOMER, ON_GROUP, ON_MEMBERSHIPS_CUSTOMER, ON_MEMBERSHIPS_GROUP } from '../route-nodes.js';
import { GROUP_MANAGE, GROUP_READ, MEMBERSHIP_READ } from '../constants.js';
import {
  AddMemberDto,
  BulkMembersDto,
  CreateGroupDto,
  GroupListQueryDto,
  MembersQueryDto,
  UpdateGroupDto,
  UpdateMembershipDto,
} from '../dto/group.dto.js';
import { GroupsService } from './groups.service.js';
import { MembershipsService } from './memberships.service.js';
import { BulkMemberships } from './bulk-memberships.js';

@ApiTags('customer-groups')
@ApiBearerAuth()
@Controller('api/customer-groups')
export class GroupsController {
  constructor(
    private readonly groups: GroupsService,
    private readonly memberships: MembershipsService,
    private readonly bulk: BulkMemberships,
  ) {}

  /** In priority order by default; `q` searches name and code, `filter[code]`, `deleted=include|only`. */
  @Get()
  @Permission(GROUP_READ, 'on each listed group or above')
  list(@Query() query: GroupListQueryDto, @Ctx() ctx: RequestContext) {
    return this.groups.list(ctx, query);
  }

  /** 409 `GROUP_CODE_TAKEN` when a live group has the code. */
  @Post()
  @Permission(GROUP_MANAGE, OnSystem())
  create(@Body() body: CreateGroupDto, @Ctx() ctx: RequestContext) {
    return this.groups.create(ctx, body);
  }

  @Get(':id')
  @Permission(GROUP_READ, ON_GROUP)
  get(@IdParam() id: string, @Ctx() ctx: RequestContext) {
    return this.groups.get(ctx, id);
  }

  /** A new priority re-ranks the group's price rules: 409 `PRICE_RULE_TIE` when they would then tie with another group's. */
  @Patch(':id')
  @Permission(GROUP_MANAGE, ON_GROUP)
  update(@IdParam() id: string, @Body() body: UpdateGroupDto, @Ctx() ctx: RequestContext) {
    return this.groups.update(ctx, id, body);
  }

  @Delete(':id')
  @HttpCode(204)
  @Permission(GROUP_MANAGE, ON_GROUP)
  remove(@IdParam() id: string, @Ctx() ctx: RequestContext) {
    return this.groups.remove(ctx, id);
  }

  @Post(':id/restore')
  @HttpCode(200)
  @Permission(GROUP_MANAGE, OnSystem({ where: "on the system (the deleted group's own node is disabled)" }))
  restore(@IdParam() id: string, @Ctx() ctx: RequestContext) {
    return this.groups.restore(ctx, id);
  }

  @Get(':id/history')
  @Permission(GROUP_READ, ON_GROUP)
  history(@IdParam() id: string, @Query() query: HistoryQueryDto, @Ctx() ctx: RequestContext) {
    return this.groups.historyOf(ctx, id, query);
  }

  /** Members on `asOf` (today in the operator's zone by default) or `all=true`; only customers the caller may read, in the items and in `total`. */
  @Get(':id/members')
  @Permission(GROUP_READ, {
    node: ON_GROUP,
    where:
      'on the group or above; only customers the caller may read (`contacts.customer.read`) are listed and counted',
  })
  members(@IdParam() id: string, @Query() query: MembersQueryDto, @Ctx() ctx: RequestContext) {
    return this.memberships.members(ctx, id, query);
  }

  /**
   * Adds (with `validFrom`/`validTo`) or removes (from `from`, today by default) every customer
   * `GET /api/customers?q=…&filter[…]=…` shows the caller: 202 with the job id; progress and the
   * counts (added, ended, removed, skipped) at `GET /api/jobs/:id`.
   */
  @Post(':id/members/bulk')
  @HttpCode(202)
  @Permission(GROUP_MANAGE, {
    node: ON_GROUP,
    where: 'on the group or above; only customers the caller may read are touched',
  })
  bulkMembers(@IdParam() id: string, @Body() body: BulkMembersDto, @Ctx() ctx: RequestContext) {
    return this.bulk.start(ctx, id, body);
  }
}

@ApiTags('customer-groups')
@ApiBearerAuth()
@Controller('api/customer-group-memberships')
export class MembershipsController {
  constructor(private readonly memberships: MembershipsService) {}

  /** Puts the customer in the group for the days given; 409 `MEMBERSHIP_OVERLAPS` when it is already in the group on one of them. */
  @Post()
  @Permission(GROUP_MANAGE, {
    node: IN_GROUP,
    where: 'on the group (`groupId`) or above, and `contacts.customer.read` on the customer',
  })
  add(@Body() body: AddMemberDto, @Ctx() ctx: RequestContext) {
    return this.memberships.add(ctx, body);
  }

  @Get(':id')
  @Permission(MEMBERSHIP_READ, ON_MEMBERSHIPS_CUSTOMER)
  get(@IdParam() id: string, @Ctx() ctx: RequestContext) {
    return this.memberships.get(ctx, id);
  }

  @Patch(':id')
  @Permission(GROUP_MANAGE, ON_MEMBERSHIPS_GROUP)
  update(@IdParam() id: string, @Body() body: UpdateMembershipDto, @Ctx() ctx: RequestContext) {
    return this.memberships.update(ctx, id, body);
  }

  @Delete(':id')
  @HttpCode(204)
  @Permission(GROUP_MANAGE, ON_MEMBERSHIPS_GROUP)
  remove(@IdParam() id: string, @Ctx() ctx: RequestContext) {
    return this.memberships.remove(ctx, id);
  }

  @Get(':id/history')
  @Permission(MEMBERSHIP_READ, ON_MEMBERSHIPS_CUSTOMER)
  history(@IdParam() id: string, @Query() query: HistoryQueryDto, @Ctx() ctx: RequestContext) {
    return this.memberships.historyOf(ctx, id, query);
  }
}

@ApiTags('customer-groups')
@ApiBearerAuth()
@Controller('api/customers/:id/groups')
export class CustomerGroupsTabController {
  constructor(private readonly memberships: MembershipsService) {}

  /** The customer's memberships with their groups, on `asOf` (today by default) or `all=true`. */
  @Get()
  @Permission(MEMBERSHIP_READ, ON_CUSTOMER)
  list(@IdParam() id: string, @Query() query: MembersQueryDto, @Ctx() ctx: RequestContext) {
    return this.memberships.ofCustomer(ctx, id, query);
  }
}
