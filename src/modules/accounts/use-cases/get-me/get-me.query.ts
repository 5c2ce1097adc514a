import { Query } from '@nestjs/cqrs';
import { Principal } from '../../../../shared/domain/principal';

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
