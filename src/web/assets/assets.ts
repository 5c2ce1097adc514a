import { createHash } from 'node:crypto';
import { ADMIN_HISTORY_CSS } from './admin-history-css';
import { ADMIN_HISTORY_JS } from './admin-history-js';
import { APP_CSS } from './app-css';
import { JOIN_JS } from './join-js';
import { ADMIN_JS } from './admin-js';

export interface Asset {
  /** The URL pages link to: content-hashed, so it can be cached forever. */
  readonly url: string;
  readonly contentType: string;
  readonly body: Buffer;
}

/**
 * The static assets are TypeScript modules exporting their text, so they exist wherever the
 * code runs (the sources under swc in tests, dist/ in production) without copying files.
 */
function asset(name: string, extension: string, contentType: string, text: string): Asset {
  const body = Buffer.from(text, 'utf8');
  const hash = createHash('sha256').update(body).digest('hex').slice(0, 16);
  return { url: `/assets/${name}.${hash}.${extension}`, contentType, body };
}

export const ASSETS = {
  css: asset('app', 'css', 'text/css; charset=utf-8', APP_CSS + ADMIN_HISTORY_CSS),
  adminHistoryJs: asset('admin-history', 'js', 'text/javascript; charset=utf-8', ADMIN_HISTORY_JS),
  joinJs: asset('join', 'js', 'text/javascript; charset=utf-8', JOIN_JS),
  adminJs: asset('admin', 'js', 'text/javascript; charset=utf-8', ADMIN_JS),
} as const;

const BY_FILE = new Map<string, Asset>(Object.values(ASSETS).map((item) => [item.url.slice('/assets/'.length), item]));

export function assetByFile(file: string): Asset | undefined {
  return BY_FILE.get(file);
}
