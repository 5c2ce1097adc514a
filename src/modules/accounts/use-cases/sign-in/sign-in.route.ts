import { Body, Controller, HttpCode, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Public } from '../../../../shared/http/public.decorator';
import { OperationId } from '../../../../shared/http/operation-id.decorator';
import { SESSION_COOKIE, SessionService } from '../../auth/session.service';
import { SignInCommand } from './sign-in.command';
import { SignInDto } from './sign-in.dto';

/** Its rate limit (per client IP and email) is mounted by AccountsModule as a middleware. */
@ApiTags('accounts')
@ApiBearerAuth()
@Controller('api/v1')
export class SignInController {
  constructor(
    private readonly commands: CommandBus,
    private readonly sessions: SessionService,
  ) {}

  @OperationId('AccountsController_signIn')
  @Public()
  @Post('auth/sign-in')
  @HttpCode(200)
  async signIn(@Body() body: SignInDto, @Res({ passthrough: true }) response: Response) {
    const { accessToken } = await this.commands.execute(new SignInCommand(body.email, body.password));
    response.cookie(SESSION_COOKIE, accessToken, this.sessions.cookieOptions());
    return { accessToken };
  }
}
