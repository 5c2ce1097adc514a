import { SetMetadata } from '@nestjs/common';

export const IS_PUBLIC = 'isPublic';
/** Marks a route that needs no credentials (health, sign-in, the public invite-link API). */
export const Public = () => SetMetadata(IS_PUBLIC, true);
