import { Controller, Get, Header, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Registry } from 'prom-client';
import { Public } from '../../shared/http/public.decorator';

/** Prometheus scrape endpoint (text exposition format); public like the health checks. */
@ApiTags('operations')
@Public()
@Controller('metrics')
export class MetricsController {
  constructor(private readonly registry: Registry) {}

  @Get()
  @ApiOperation({
    summary: 'Prometheus metrics',
    description: 'Public. Process, HTTP and projection metrics in the Prometheus text exposition format, for the scraper; expose it to the monitoring network only.',
  })
  @ApiOkResponse({
    description: 'The metrics, in the text exposition format version 0.0.4.',
    content: { 'text/plain; version=0.0.4; charset=utf-8': { schema: { type: 'string' } } },
  })
  @Header('Cache-Control', 'no-store')
  async scrape(@Res({ passthrough: true }) response: Response): Promise<string> {
    const text = await this.registry.metrics();
    response.setHeader('Content-Type', this.registry.contentType);
    return text;
  }
}
