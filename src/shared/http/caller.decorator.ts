import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import { PRINCIPAL } from './current-principal.decorator';
import { Principal } from '../domain/principal';
import { Caller } from '../application/request-context';

/** The authenticated principal plus the request id, which becomes the events' correlation id. */
export const CallerOf = createParamDecorator((_data: unknown, context: ExecutionContext): Caller => {
  const request = context.switchToHttp().getRequest<Record<symbol, Principal> & { id?: unknown }>();
  return { principal: request[PRINCIPAL], correlationId: String(request.id ?? '') };
});
