// Generated and template HTML is untrusted. It is shown only inside iframes with an empty
// `sandbox` (no allow-scripts, no allow-same-origin: an opaque origin that can run nothing)
// whose srcdoc carries its own Content-Security-Policy. A srcdoc document also inherits the
// app's policy (script-src 'self', no inline script), so a script there is blocked three times.

import { h } from './dom.js';

export const FRAME_CSP = "default-src 'none'; script-src 'none'; img-src 'self' data: blob:; " +
  "style-src 'unsafe-inline'; font-src 'self' data:; form-action 'none'; base-uri 'none'";

const escapeText = (s) => String(s).replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' }[c]));

const META = `<meta http-equiv="Content-Security-Policy" content="${FRAME_CSP}">`;

export function sandboxedFrame(title, className = 'preview-frame') {
  return h('iframe', { class: className, sandbox: '', title, referrerPolicy: 'no-referrer', loading: 'lazy' });
}

// A full document (e.g. a template preview from the API) with our CSP put first in <head>.
export function withCsp(documentHtml) {
  if (/<head[^>]*>/i.test(documentHtml)) return documentHtml.replace(/<head[^>]*>/i, (m) => `${m}${META}`);
  return `<!doctype html><html lang="ko"><head>${META}</head><body>${documentHtml}</body></html>`;
}

// The page of a generation result: its stylesheet and its blocks' HTML.
export function pageDocument({ title, css, html }) {
  return '<!doctype html><html lang="ko"><head><meta charset="utf-8">' + META +
    '<meta name="viewport" content="width=device-width, initial-scale=1">' +
    `<title>${escapeText(title || '')}</title><style>${String(css || '').replace(/<\/style/gi, '<\\/style')}</style>` +
    `</head><body>${html || ''}</body></html>`;
}

export function show(frame, documentHtml) {
  frame.srcdoc = withCsp(documentHtml);
}
