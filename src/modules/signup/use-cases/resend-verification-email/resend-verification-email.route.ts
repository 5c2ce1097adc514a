import { Body, Controller, HttpCode, Post, Req, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiAcceptedResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { randomUUID } from 'node:crypto';
import { ApiErrors, ClosedSchema } from '../../../../shared/http/api-responses';
import { OperationId } from '../../../../shared/http/operation-id.decorator';
import { Public } from '../../../../shared/http/public.decorator';
import { RateLimit } from '../../../../shared/http/rate-limit/rate-limit.guard';
import { ResendVerificationEmailCommand } from './resend-verification-email.command';
import { ResendVerificationEmailDto } from './resend-verification-email.dto';

@ClosedSchema()
export class ResendAcceptedResponse {
  @ApiProperty({ enum: ['accepted'], description: 'Always the same, whether or not a signup waits for this address.' })
  status: 'accepted';
}

@ApiTags('public invite links')
@Controller('api/v1/email-verifications')
export class ResendVerificationEmailController {
  constructor(private readonly commands: CommandBus) {}

  @OperationId('EmailVerificationsController_resend')
  @ApiOperation({
    summary: 'Send the verification mail again',
    description:
      'Public and rate-limited (per IP and per address). When a signup with this address waits for its confirmation, the same one-time link is mailed again (a few times at most). The answer is the same whether or not such a signup exists.',
  })
  @ApiAcceptedResponse({ type: ResendAcceptedResponse, description: 'Accepted; a mail follows if a signup waits for this address.' })
  @ApiErrors({
    400: '`invalid_request`: the body is malformed or `email` is missing or not a string.',
    429: 'Too many requests from this IP or for this address; `Retry-After` says when to try again.',
  })
  @Public()
  @RateLimit('verification-resend')
  @Post('resend')
  @HttpCode(202)
  async resend(
    @Body() body: ResendVerificationEmailDto,
    @Req() request: Request & { id?: unknown },
    @Res({ passthrough: true }) response: Response,
  ): Promise<ResendAcceptedResponse> {
    await this.commands.execute(new ResendVerificationEmailCommand(body.email, String(request.id ?? randomUUID())));
    response.setHeader('Cache-Control', 'no-store');
    return { status: 'accepted' };
  }
}
