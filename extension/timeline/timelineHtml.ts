// The timeline webview's HTML: a strict Content-Security-Policy (`default-src 'none'`, the one
// script allowed by a fresh crypto nonce, styles only from the webview's own resource origin;
// SEC-05) around the bundle and stylesheet. Pure: URIs and nonce come in as strings, so tests can
// build the very same page. Recorded data never passes through here.
import { randomBytes } from 'node:crypto';

export interface TimelineHtmlInput {
  cspSource: string;
  scriptUri: string;
  styleUri: string;
  nonce: string;
}

export function createNonce(): string {
  return randomBytes(18).toString('base64');
}

export function contentSecurityPolicy(cspSource: string, nonce: string): string {
  return [
    `default-src 'none'`,
    `style-src ${cspSource}`,
    `font-src ${cspSource}`,
    `img-src ${cspSource}`,
    `script-src 'nonce-${nonce}'`,
    `base-uri 'none'`,
    `form-action 'none'`,
  ].join('; ');
}

export function timelineHtml(input: TimelineHtmlInput): string {
  const csp = escapeAttribute(contentSecurityPolicy(input.cspSource, input.nonce));
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${escapeAttribute(input.styleUri)}">
<title>Rewind Timeline</title>
</head>
<body>
<script nonce="${escapeAttribute(input.nonce)}" src="${escapeAttribute(input.scriptUri)}"></script>
</body>
</html>
`;
}

function escapeAttribute(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
