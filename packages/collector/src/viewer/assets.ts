/**
 * The viewer's files, by the exact path they are served at. Nothing is read
 * from disk, so no request path can reach the file system.
 */
import { VIEWER_HTML } from './page.js';
import { VIEWER_JS } from './script.js';
import { VIEWER_CSS } from './styles.js';

// Scripts and styles only from the collector itself, data only from its API.
const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "connect-src 'self'",
  "img-src 'self' data:",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** One file of the viewer. */
export interface ViewerAsset {
  body: string;
  headers: Record<string, string>;
}

const asset = (body: string, contentType: string): ViewerAsset => ({
  body,
  headers: {
    'content-type': `${contentType}; charset=utf-8`,
    'content-length': String(Buffer.byteLength(body)),
    'content-security-policy': CONTENT_SECURITY_POLICY,
    'referrer-policy': 'no-referrer',
    'cache-control': 'no-cache',
  },
});

/** The viewer's files keyed by request path. */
export const VIEWER_ASSETS: Readonly<Record<string, ViewerAsset>> = {
  '/': asset(VIEWER_HTML, 'text/html'),
  '/viewer.js': asset(VIEWER_JS, 'text/javascript'),
  '/viewer.css': asset(VIEWER_CSS, 'text/css'),
};
