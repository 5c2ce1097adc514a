import { Command, Query } from '@nestjs/cqrs';
import { Caller } from '../../../shared/application/request-context';
import { Page, TenantUser } from '../../../shared/application/read-models.port';
import { MspPermission } from '../../../shared/domain/msp-permissions';
import { Principal } from '../../../shared/domain/principal';

export interface AccountDetails {
  readonly email: string;
  readonly password: string;
  readonly firstName: string;
  readonly lastName: string;
}

export class CreateMspAdminCommand extends Command<{ id: string }> {
  constructor(
    readonly caller: Caller,
    readonly mspId: string,
    readonly account: AccountDetails,
    readonly permissions: MspPermission[],
  ) {
    super();
  }
}

export class AddTenantUserCommand extends Command<{ userId: string }> {
  constructor(
    readonly caller: Caller,
    readonly tenantId: string,
    readonly account: AccountDetails,
    readonly roleId: string,
  ) {
    super();
  }
}

export class ListTenantUsersQuery extends Query<Page<TenantUser>> {
  constructor(
    readonly caller: Caller,
    readonly tenantId: string,
    readonly limit: number,
    readonly cursor?: string,
  ) {
    super();
  }
}

export class SignInCommand extends Command<{ accessToken: string; userId: string }> {
  constructor(readonly email: string, readonly password: string) {
    super();
  }
}

export interface Me {
  id: string;
  email: string;
  firstName: string;
  lastName: string;
  memberships: { tenantId: string; roleId: string }[];
  msp: null | { mspId: string; permissions: string[] };
}

export class GetMeQuery extends Query<Me> {
  constructor(readonly principal: Principal) {
    super();
  }
}
