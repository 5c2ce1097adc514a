import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { ADMIN_CSS } from './admin-css';
import { ADMIN_HISTORY_CSS } from './admin-history-css';
import { APP_CSS } from './app-css';
import { DIALOG_CSS } from './dialog-css';
import { FAVICON_SVG } from './favicon-svg';
import { JOIN_CSS } from './join-css';
import { USAGE_PANEL_CSS } from './usage-panel-css';

export interface Asset {
  /** The URL pages link to: content-hashed, so it can be cached forever. */
  readonly url: string;
  readonly contentType: string;
  readonly body: Buffer;
}

/**
 * The stylesheets are TypeScript modules exporting their text, so they exist wherever the code
 * runs (the sources under swc in tests, dist/ in production) without copying files.
 */
function asset(name: string, extension: string, contentType: string, text: string): Asset {
  const body = Buffer.from(text, 'utf8');
  const hash = createHash('sha256').update(body).digest('hex').slice(0, 16);
  return { url: `/assets/${name}.${hash}.${extension}`, contentType, body };
}

/**
 * The pages' scripts are browser TypeScript (src/web/client: one folder per page, shared/ for
 * the API and DOM helpers), each entry bundled by esbuild into one file of dist/client at build
 * time (`npm run build`); the server never runs esbuild. The bundles are read from a fixed place
 * under the project root, the same from src/ (tests, under swc) and from dist/ (production):
 * both sit two folders below the root (web/assets/). A missing bundle stops the start with a
 * sentence that says how to make it, never a page without it.
 */
export const CLIENT_BUNDLE_DIR = resolve(__dirname, '..', '..', '..', 'dist', 'client');

function bundle(file: string): string {
  const path = resolve(CLIENT_BUNDLE_DIR, file);
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    throw new Error(
      `The browser script bundle ${path} is missing or unreadable (${(error as Error).message}). ` +
        'Run `npm run build`: it bundles src/web/client with esbuild.',
      { cause: error },
    );
  }
}

export const ASSETS = {
  css: asset('app', 'css', 'text/css; charset=utf-8', APP_CSS + JOIN_CSS + ADMIN_CSS + DIALOG_CSS + ADMIN_HISTORY_CSS + USAGE_PANEL_CSS),
  adminHistoryJs: asset('admin-history', 'js', 'text/javascript; charset=utf-8', bundle('admin-history.js')),
  joinJs: asset('join', 'js', 'text/javascript; charset=utf-8', bundle('join.js')),
  adminJs: asset('admin', 'js', 'text/javascript; charset=utf-8', bundle('admin.js')),
  passwordStrengthJs: asset('password-strength', 'js', 'text/javascript; charset=utf-8', bundle('password-strength.js')),
  passwordStrengthWorkerJs: asset('password-strength-worker', 'js', 'text/javascript; charset=utf-8', bundle('strength-worker.js')),
  favicon: asset('favicon', 'svg', 'image/svg+xml', FAVICON_SVG),
} as const;

const BY_FILE = new Map<string, Asset>(Object.values(ASSETS).map((item) => [item.url.slice('/assets/'.length), item]));

export function assetByFile(file: string): Asset | undefined {
  return BY_FILE.get(file);
}
