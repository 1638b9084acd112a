// The panel HTML's Content-Security-Policy (SEC-05): nothing by default, the one script by a
// fresh crypto nonce, styles only from the webview's resource origin, no inline anything.
import { describe, expect, it } from 'vitest';
import { contentSecurityPolicy, createNonce, timelineHtml } from '../../../extension/timeline/timelineHtml';

const input = {
  cspSource: 'https://file+.vscode-resource.vscode-cdn.net',
  scriptUri: 'https://x/dist/webview/timeline.js',
  styleUri: 'https://x/dist/webview/timeline.css',
  nonce: 'abc123',
};

describe('timeline HTML', () => {
  it('declares a CSP that forbids everything not named', () => {
    const csp = contentSecurityPolicy(input.cspSource, input.nonce);
    expect(csp.split('; ')).toEqual(
      expect.arrayContaining([`default-src 'none'`, `script-src 'nonce-abc123'`, `style-src ${input.cspSource}`]),
    );
    expect(csp).not.toMatch(/unsafe-inline|unsafe-eval|\*/);
  });

  it('loads exactly one script, carrying the nonce, and one stylesheet', () => {
    const html = timelineHtml(input);
    expect(html.match(/<script/g)).toHaveLength(1);
    expect(html).toContain(`<script nonce="abc123" src="${input.scriptUri}"></script>`);
    expect(html).toContain(`<link rel="stylesheet" href="${input.styleUri}">`);
    expect(html).not.toMatch(/\s(style|on\w+)=/);
  });

  it('escapes attribute values', () => {
    const html = timelineHtml({ ...input, scriptUri: 'https://x/"><script>alert(1)</script>' });
    expect(html.match(/<script/g)).toHaveLength(1);
  });

  it('makes a new unguessable nonce each time', () => {
    const nonces = new Set(Array.from({ length: 50 }, createNonce));
    expect(nonces.size).toBe(50);
    for (const nonce of nonces) expect(nonce).toMatch(/^[A-Za-z0-9+/]{24}$/);
  });
});
