import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ClosedSchema } from '../../../../shared/http/api-responses';

/**
 * The link's answer (InviteLinkView), the same for reading, changing and regenerating it: the
 * update and regenerate routes document their 200 with this class too.
 */
@ClosedSchema('A tenant\'s invite link as its admins see it.')
export class InviteLinkResponse {
  @ApiProperty({ format: 'uuid' })
  tenantId: string;

  @ApiProperty()
  enabled: boolean;

  @ApiProperty({ type: String, nullable: true, example: 'member', description: 'The role people who join get; null until one is set.' })
  defaultRoleId: string | null;

  @ApiProperty({ type: [String], example: ['acme.com', 'xn--bcher-kva.de'], description: 'Email domains allowed to join, in punycode; empty = any domain.' })
  allowedDomains: string[];

  @ApiPropertyOptional({
    type: [String],
    description: 'Microsoft (Entra) tenant ids allowed to sign up with Microsoft; present only while the link restricts them.',
  })
  allowedMicrosoftTenantIds?: string[];

  @ApiProperty({
    description:
      'Password signups confirm their email address through a one-time link before they join (Microsoft signups are verified by Microsoft). False until it is turned on.',
  })
  requireEmailVerification: boolean;

  @ApiProperty({
    type: String,
    nullable: true,
    example: 'https://invites.example.com/join/<token>',
    description: 'The copyable link; null while the link is disabled or unavailable, and for callers who may read but not change it.',
  })
  url: string | null;

  @ApiProperty({ description: 'False on tenants with SSO and on canceled tenants.' })
  available: boolean;

  @ApiProperty({ type: String, nullable: true, description: 'Why the link is not available; null when it is.' })
  unavailableReason: string | null;
}
