import { Body, Controller, HttpCode, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { ApiErrors } from '../../../../shared/http/api-responses';
import { Public } from '../../../../shared/http/public.decorator';
import { OperationId } from '../../../../shared/http/operation-id.decorator';
import { SESSION_COOKIE, SessionService } from '../../auth/session.service';
import { SignInCommand } from './sign-in.command';
import { SignInDto } from './sign-in.dto';
import { SignInResponse } from './sign-in.response';

/** Its rate limit (per client IP and email) is mounted by AccountsModule as a middleware. */
@ApiTags('accounts')
@Controller('api/v1')
export class SignInController {
  constructor(
    private readonly commands: CommandBus,
    private readonly sessions: SessionService,
  ) {}

  @OperationId('AccountsController_signIn')
  @ApiOperation({
    summary: 'Sign in with email and password',
    description:
      'Public. Returns a session token for any account with a password (MSP admins and tenant users) and sets it as the `session` cookie. Rate-limited per client IP and email.',
  })
  @ApiOkResponse({ type: SignInResponse, description: 'Signed in; the `session` cookie is set too.' })
  @ApiErrors({
    400: '`invalid_request`: the body is malformed or not JSON, or a field is missing, of the wrong type or unknown; `fields` names them.',
    401: '`Invalid email or password`: the same answer for an unknown email, a wrong password, a closed account or a Microsoft-only account.',
    429: 'Too many attempts for this IP and email; `Retry-After` says when to try again.',
  })
  @Public()
  @Post('auth/sign-in')
  @HttpCode(200)
  async signIn(@Body() body: SignInDto, @Res({ passthrough: true }) response: Response) {
    const { accessToken } = await this.commands.execute(new SignInCommand(body.email, body.password));
    response.cookie(SESSION_COOKIE, accessToken, this.sessions.cookieOptions());
    return { accessToken };
  }
}
