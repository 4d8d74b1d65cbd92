// Before/after of a block's text (after a regeneration) and of two page versions side by
// side. Text is read with DOMParser: an inert document, nothing in it loads or runs.

import { clear, h } from './dom.js';
import { msg } from './labels.js';
import { pageDocument, sandboxedFrame, show } from './preview.js';

const TEXT_SEL = 'h1,h2,h3,h4,h5,h6,p,li,dt,dd,th,td,figcaption,blockquote,summary,strong,span,em';

// The block's visible sentences in order: innermost text elements only, so nothing twice.
export function textLines(html) {
  const doc = new DOMParser().parseFromString(`<body>${html || ''}</body>`, 'text/html');
  const out = [];
  for (const el of doc.body.querySelectorAll(TEXT_SEL)) {
    if (el.querySelector(TEXT_SEL)) continue;
    const text = el.textContent.replace(/\s+/g, ' ').trim();
    if (text) out.push(text);
  }
  return out;
}

// Lines of one side that the other side lacks are marked (<del> before, <ins> after).
export function blockDiff(label, beforeHtml, afterHtml, offline) {
  const before = textLines(beforeHtml);
  const after = textLines(afterHtml);
  const same = before.join('\n') === after.join('\n');
  const side = (title, lines, other, Tag) => h('div', { class: 'diff-side' }, h('h4', {}, title),
    h('ol', {}, lines.map((line) => h('li', {}, other.includes(line) ? line : h(Tag, {}, line)))));
  return h('section', { id: 'block-diff', class: 'diff', 'aria-labelledby': 'block-diff-h', dataset: { changed: String(!same) } },
    h('h3', { id: 'block-diff-h' }, msg('diff_title', { block: label })),
    same ? h('p', { class: 'problem', role: 'status' }, msg(offline ? 'diff_same_offline' : 'diff_same')) : null,
    h('div', { class: 'diff-cols' }, side(msg('diff_before'), before, after, 'del'), side(msg('diff_after'), after, before, 'ins')));
}

// Two versions of a page, each in its own sandboxed frame, next to each other.
export function versionCompare(old, current, onClose) {
  const frame = (v, cls) => {
    const f = sandboxedFrame(msg('version_preview', { version: v.version }), `page-frame compare-frame ${cls}`);
    f.loading = 'eager';
    show(f, pageDocument(v));
    return h('figure', {}, h('figcaption', {}, msg('version_n', { version: v.version })), f);
  };
  const close = h('button', { type: 'button', id: 'compare-close', on: { click: onClose } }, msg('compare_close'));
  const el = h('section', { id: 'version-compare', class: 'panel', 'aria-labelledby': 'compare-h' },
    h('h3', { id: 'compare-h' }, msg('compare_title', { old: old.version, now: current.version })),
    h('div', { class: 'compare-cols' }, frame(old, 'old'), frame(current, 'now')), close);
  return { el, focus: () => close.focus(), clear: () => clear(el) };
}
