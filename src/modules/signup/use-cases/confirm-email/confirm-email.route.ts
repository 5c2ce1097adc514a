import { Body, Controller, HttpCode, Post, Req, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { randomUUID } from 'node:crypto';
import { ApiErrors } from '../../../../shared/http/api-responses';
import { OperationId } from '../../../../shared/http/operation-id.decorator';
import { Public } from '../../../../shared/http/public.decorator';
import { RateLimit } from '../../../../shared/http/rate-limit/rate-limit.guard';
import { SESSION_COOKIE, SessionService } from '../../../accounts/auth/session.service';
import { SignUpResponse } from '../sign-up-via-invite-link/sign-up-via-invite-link.response';
import { ConfirmEmailCommand } from './confirm-email.command';
import { ConfirmEmailDto } from './confirm-email.dto';

@ApiTags('public invite links')
@Controller('api/v1/email-verifications')
export class ConfirmEmailController {
  constructor(
    private readonly commands: CommandBus,
    private readonly sessions: SessionService,
  ) {}

  @OperationId('EmailVerificationsController_confirm')
  @ApiOperation({
    summary: 'Confirm an email address and finish joining',
    description:
      "Public and rate-limited. Confirms the one-time code of a verification link: the waiting signup joins the link's tenant with the link's default role at this instant, and the session cookie is set. A link disabled, regenerated or otherwise dead since the signup refuses (the R16 answer) and the registration is undone.",
  })
  @ApiOkResponse({ type: SignUpResponse, description: 'The email is confirmed; the account joined the tenant and is signed in.' })
  @ApiErrors({
    400: '`invalid_request`: the body is malformed or `code` is missing or not a string.',
    403: '`email_domain_not_allowed`: the link no longer allows this email\'s domain; the registration was undone.',
    404: '`verification_code_invalid`: no such code (mistyped or altered); `invalid_invite_link`: the link stopped working since the signup, and the registration was undone.',
    409: '`verification_code_used`: the code was used already; sign in instead.',
    410: '`verification_code_expired`: the code expired (or its registration was undone); sign up again.',
    429: 'Too many confirmations from this IP; `Retry-After` says when to try again.',
  })
  @Public()
  @RateLimit('verification-confirm')
  @Post('confirm')
  @HttpCode(200)
  async confirm(
    @Body() body: ConfirmEmailDto,
    @Req() request: Request & { id?: unknown },
    @Res({ passthrough: true }) response: Response,
  ) {
    const result = await this.commands.execute(new ConfirmEmailCommand(body.code, String(request.id ?? randomUUID())));
    response.setHeader('Cache-Control', 'no-store');
    response.cookie(SESSION_COOKIE, result.sessionToken, this.sessions.cookieOptions());
    return { userId: result.userId, tenantId: result.tenantId, roleId: result.roleId, redirectTo: '/app' as const };
  }
}
