import { Inject } from '@nestjs/common';
import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { READ_MODELS, ReadModels } from '../../../../shared/application/read-models.port';
import { forbidden } from '../../../../shared/domain/domain-error';
import { GetMeQuery } from './get-me.query';

@QueryHandler(GetMeQuery)
export class GetMeHandler implements IQueryHandler<GetMeQuery> {
  constructor(@Inject(READ_MODELS) private readonly readModels: ReadModels) {}

  async execute({ principal }: GetMeQuery) {
    if (principal.kind !== 'user') {
      throw forbidden('operator_has_no_account', 'The operator token has no user account; sign in as a user');
    }
    const { user } = principal;
    return {
      id: user.userId,
      email: user.email,
      firstName: user.firstName,
      lastName: user.lastName,
      memberships: await this.readModels.membershipsOfUser(user.userId),
      msp: user.msp ? { mspId: user.msp.mspId, permissions: [...user.msp.permissions] } : null,
    };
  }
}
