import { Body, Controller, HttpCode, Param, Post, Req, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiAcceptedResponse, ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { randomUUID } from 'node:crypto';
import { ApiErrors } from '../../../../shared/http/api-responses';
import { RateLimit } from '../../../../shared/http/rate-limit/rate-limit.guard';
import { Public } from '../../../../shared/http/public.decorator';
import { OperationId } from '../../../../shared/http/operation-id.decorator';
import { SESSION_COOKIE, SessionService } from '../../../accounts/auth/session.service';
import { SignUpViaInviteLinkCommand } from './sign-up-via-invite-link.command';
import { SignUpDto } from './sign-up-via-invite-link.dto';
import { SignUpResponse, VerificationRequiredResponse } from './sign-up-via-invite-link.response';

@ApiTags('public invite links')
@Controller('api/v1/invite-links')
export class SignUpViaInviteLinkController {
  constructor(
    private readonly commands: CommandBus,
    private readonly sessions: SessionService,
  ) {}

  /**
   * 201 `{userId, tenantId, roleId, redirectTo}` and the session cookie (R15); or, when the link
   * requires email verification, 202 `{status: "verification_required", email}` without either.
   */
  @OperationId('SignUpController_signUp')
  @ApiOperation({
    summary: 'Sign up through an invite link',
    description:
      "Public and rate-limited. Creates an account with a password and makes it a member of the link's tenant with the link's default role; the tenant and the role come from the link, never from the body. Sets the `session` cookie. When the link requires email verification, the account waits (holding the email) for the person to open the one-time link mailed to the address: 202, no cookie, no membership yet.",
  })
  @ApiCreatedResponse({ type: SignUpResponse, description: 'The account was created, joined the tenant and is signed in.' })
  @ApiAcceptedResponse({
    type: VerificationRequiredResponse,
    description: 'The link requires email verification: the email is reserved and a mail with a one-time link is on its way.',
  })
  @ApiErrors({
    400: '`invalid_request`: the body is malformed or not JSON, or a field is missing, of the wrong type or unknown; `fields` names them.',
    403: '`email_domain_not_allowed`: the link is limited to email domains that do not include this one.',
    404: '`invalid_invite_link`: the link does not work (any reason).',
    409: '`user_already_registered`: an account has this email, in any letter case.',
    422: '`invalid_signup`: every problem of the fields (email, password rules, confirmation, terms), in `errors` and `fields`.',
    429: 'Too many signups from this IP or through this link; `Retry-After` says when to try again.',
  })
  @Public()
  @RateLimit('signup', { signupAttempt: true })
  @Post(':token/signups')
  @HttpCode(201)
  async signUp(
    @Param('token') token: string,
    @Body() body: SignUpDto,
    @Req() request: Request & { id?: unknown },
    @Res({ passthrough: true }) response: Response,
  ) {
    const { firstName, lastName, email, password, passwordConfirmation, acceptTerms } = body;
    const result = await this.commands.execute(
      new SignUpViaInviteLinkCommand(
        token,
        { firstName, lastName, email, password, passwordConfirmation, acceptTerms },
        String(request.id ?? randomUUID()),
      ),
    );
    response.setHeader('Cache-Control', 'no-store');
    if (result.status === 'verification_required') {
      response.status(202);
      return { status: result.status, email: result.email };
    }
    response.cookie(SESSION_COOKIE, result.sessionToken, this.sessions.cookieOptions());
    return { userId: result.userId, tenantId: result.tenantId, roleId: result.roleId, redirectTo: '/app' };
  }
}
