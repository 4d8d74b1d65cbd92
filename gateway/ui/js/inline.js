// Inline text editing. The page is shown in a frame that is same-origin (so this script can
// make its text elements editable and read them back) but still runs no script: the sandbox
// has no allow-scripts and the document carries script-src 'none'. Saving sends the page's
// html_list with the changed blocks (PUT, sanitized on the server) as a new version.

import { pages } from './api.js';
import { h } from './dom.js';
import { msg } from './labels.js';
import { pageDocument, withCsp } from './preview.js';

const EDITABLE = 'h1,h2,h3,h4,h5,h6,p,li,dt,dd,th,td,figcaption,blockquote,summary';

export function inlineEditor(page, { onSaved, onCancel, status }) {
  const frame = h('iframe', { id: 'inline-frame', class: 'page-frame inline-frame', sandbox: 'allow-same-origin',
    title: msg('inline_frame', { title: page.title }), referrerPolicy: 'no-referrer' });
  let original = [];

  frame.addEventListener('load', () => {
    const doc = frame.contentDocument;
    const blocks = doc.querySelector('.pdp-page')?.children || [];
    original = [...blocks].map((b) => b.textContent);
    for (const el of doc.querySelectorAll(EDITABLE)) {
      if (el.querySelector(EDITABLE) || !el.textContent.trim()) continue; // innermost text only
      el.contentEditable = 'true';
      el.spellcheck = true;
    }
    const style = doc.createElement('style');
    style.textContent = '[contenteditable]{outline:1px dashed #0b57d0;outline-offset:2px}[contenteditable]:focus{outline:3px solid #ff9f0a}';
    doc.head.append(style);
    frame.style.height = `${doc.documentElement.scrollHeight + 24}px`;
  });
  frame.srcdoc = withCsp(pageDocument(page));

  async function save() {
    const blocks = [...(frame.contentDocument.querySelector('.pdp-page')?.children || [])];
    if (blocks.length !== page.html_list.length) { status.textContent = msg('inline_failed', { error: 'block count' }); return; }
    let changed = 0;
    const htmlList = blocks.map((block, i) => {
      if (block.textContent === original[i]) return page.html_list[i]; // untouched: byte for byte
      changed += 1;
      const copy = block.cloneNode(true);
      for (const el of copy.querySelectorAll('[contenteditable]')) { el.removeAttribute('contenteditable'); el.removeAttribute('spellcheck'); }
      return copy.outerHTML;
    });
    if (!changed) { status.textContent = msg('inline_nothing'); return; }
    try {
      const saved = await pages.saveHtml(page.id, htmlList);
      status.textContent = msg('inline_saved', { version: saved.version });
      onSaved(saved);
    } catch (err) { status.textContent = msg('inline_failed', { error: err.message }); }
  }

  const bar = h('div', { class: 'row inline-bar' },
    h('button', { type: 'button', class: 'primary', id: 'inline-save', on: { click: save } }, msg('inline_save')),
    h('button', { type: 'button', id: 'inline-cancel', on: { click: onCancel } }, msg('inline_cancel')));
  return { el: h('div', { id: 'inline-editor' }, h('p', { class: 'hint' }, msg('inline_hint')), bar, frame), frame };
}
