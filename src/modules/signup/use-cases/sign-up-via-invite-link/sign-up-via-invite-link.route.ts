import { Body, Controller, HttpCode, Param, Post, Req, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { randomUUID } from 'node:crypto';
import { RateLimit } from '../../../../shared/http/rate-limit/rate-limit.guard';
import { Public } from '../../../../shared/http/public.decorator';
import { OperationId } from '../../../../shared/http/operation-id.decorator';
import { SESSION_COOKIE, SessionService } from '../../../accounts/auth/session.service';
import { SignUpViaInviteLinkCommand } from './sign-up-via-invite-link.command';
import { SignUpDto } from './sign-up-via-invite-link.dto';

@ApiTags('public invite links')
@Controller('api/v1/invite-links')
export class SignUpViaInviteLinkController {
  constructor(
    private readonly commands: CommandBus,
    private readonly sessions: SessionService,
  ) {}

  /** 201 `{userId, tenantId, roleId, redirectTo}` and the session cookie (R15). */
  @OperationId('SignUpController_signUp')
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
    response.cookie(SESSION_COOKIE, result.sessionToken, this.sessions.cookieOptions());
    return { userId: result.userId, tenantId: result.tenantId, roleId: result.roleId, redirectTo: '/app' };
  }
}
