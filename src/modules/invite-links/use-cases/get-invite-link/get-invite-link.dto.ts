import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsISO8601, IsOptional } from 'class-validator';

export class AtQueryDto {
  @ApiPropertyOptional({ description: 'ISO-8601 instant: the state as it was then, replayed from events' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'at must be an ISO-8601 date-time, for example 2026-01-31T12:00:00Z' })
  at?: string;
}
