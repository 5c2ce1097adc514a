import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import { Principal } from '../domain/principal';

export const PRINCIPAL = Symbol('principal');

export const CurrentPrincipal = createParamDecorator(
  (_data: unknown, context: ExecutionContext): Principal =>
    (context.switchToHttp().getRequest() as Record<symbol, Principal>)[PRINCIPAL],
);
