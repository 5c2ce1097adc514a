import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import { PRINCIPAL } from '../../modules/accounts/auth/current-principal.decorator';
import { Principal } from '../../modules/accounts/auth/principal';
import { Caller } from '../../shared/application/request-context';

/** The authenticated principal plus the request id, which becomes the events' correlation id. */
export const CallerOf = createParamDecorator((_data: unknown, context: ExecutionContext): Caller => {
  const request = context.switchToHttp().getRequest<Record<symbol, Principal> & { id?: unknown }>();
  return { principal: request[PRINCIPAL], correlationId: String(request.id ?? '') };
});
