// 수집 템플릿 검토 (admins): mine uploaded pages as a job and follow its progress (the task's
// SSE stream, POST /api/mining-jobs), then review each mined draft: the draft rendered with
// its sample values beside real sections of its cluster (sanitized by the server, shown in
// sandboxed frames), with 승인 / 거절 (reason) calling the drafts API.

import { api, userId, whoami } from './api.js';
import { announce, clear, field, h } from './dom.js';
import { blockLabel, msg, stageLabel } from './labels.js';
import { pageDocument, sandboxedFrame, show } from './preview.js';
import { followEvents } from './sse.js';

// Crawled sections lose their inline styles to the sanitizer: a plain readable look instead.
const EXAMPLE_CSS = 'body{margin:8px;font:14px/1.5 "Noto Sans KR",sans-serif;color:#1f2328}' +
  'img{max-width:100%;height:auto;min-height:24px;background:#eef1f4}table{border-collapse:collapse}' +
  'td,th{border:1px solid #d0d7de;padding:4px 6px}';

export async function adminOnly(root, title) {
  const me = await whoami();
  if (me.admin) return true;
  clear(root, h('h2', { class: 'page-title' }, title), h('p', { class: 'errors', role: 'alert' }, msg('admin_only')));
  return false;
}

export async function miningView(root, signal) {
  if (!await adminOnly(root, msg('mining_title'))) return;
  const list = h('ul', { class: 'drafts', id: 'mined-drafts' });
  const count = h('p', { class: 'hint', id: 'drafts-count' });
  const status = h('p', { id: 'draft-status', role: 'status' });
  async function load() {
    const drafts = await api.minedDrafts();
    count.textContent = msg('drafts_count', { count: drafts.length });
    clear(list, drafts.length ? drafts.map((d) => draftCard(d, status, load)) : h('li', { class: 'empty' }, msg('drafts_empty')));
  }
  clear(root, h('h2', { class: 'page-title' }, msg('mining_title')),
    uploadPanel(load, signal),
    h('section', { class: 'panel', 'aria-labelledby': 'drafts-h' },
      h('h3', { id: 'drafts-h' }, msg('drafts_heading')), count,
      h('p', { class: 'hint' }, msg('draft_examples_hint')), status, list));
  await load();
}

function exampleFigure(ex) {
  const title = msg('draft_example_title', { page: ex.page, index: ex.index + 1 });
  const frame = sandboxedFrame(title, 'example-frame');
  show(frame, pageDocument({ title, css: EXAMPLE_CSS, html: ex.html }));
  // Crawled file names are data, not UI text (the frame's title and caption carry them).
  return h('li', {}, h('figure', { 'data-seller-text': '' }, frame,
    h('figcaption', { class: 'meta' }, msg('draft_example_caption', { page: ex.page, index: ex.index + 1 }))));
}

function draftCard(d, status, reload) {
  const origin = d.mined_from || {};
  const preview = sandboxedFrame(msg('draft_preview_title', { name: d.name }), 'draft-frame');
  preview.loading = 'eager';
  api.minedDraftPreview(d.id).then((doc) => show(preview, doc)).catch((err) => { status.textContent = msg('decide_failed', { error: err.message }); });
  const examples = (origin.examples || []).filter((e) => e.html);
  const reason = h('input', { type: 'text', class: 'reject-reason', id: `reject-reason-${d.id}`, maxLength: 300, placeholder: msg('reject_reason'),
    'aria-label': msg('reject_label', { name: d.name }) + ' — ' + msg('reject_reason') });
  const buttons = [];
  const decide = (decision) => async () => {
    for (const b of buttons) b.disabled = true;
    try {
      await api.decideDraft(d.id, decision, decision === 'reject' ? reason.value.trim() : '');
      status.textContent = msg(decision === 'approve' ? 'approved' : 'rejected', { name: d.name });
      announce(status.textContent);
      await reload();
      document.getElementById('drafts-h')?.focus?.();
    } catch (err) {
      status.textContent = msg('decide_failed', { error: err.message });
      for (const b of buttons) b.disabled = false;
    }
  };
  buttons.push(h('button', { type: 'button', class: 'primary approve', 'aria-label': msg('approve_label', { name: d.name }), on: { click: decide('approve') } }, msg('approve')),
    h('button', { type: 'button', class: 'reject', 'aria-label': msg('reject_label', { name: d.name }), on: { click: decide('reject') } }, msg('reject')));
  return h('li', { class: 'draft', dataset: { draftId: d.id, key: d.key || '' } },
    h('h4', { 'data-seller-text': '' }, d.name),
    h('p', { class: 'meta' }, msg('draft_meta', { type: blockLabel(d.block_type), size: origin.size ?? '–' })),
    h('div', { class: 'draft-cols' },
      h('figure', { class: 'draft-preview' }, h('figcaption', {}, msg('draft_preview')), preview),
      h('div', { class: 'draft-examples' }, h('p', { class: 'label' }, msg('draft_examples')),
        examples.length ? h('ul', { class: 'examples' }, examples.map(exampleFigure)) : h('p', { class: 'hint' }, msg('draft_no_examples')))),
    h('div', { class: 'row decide' }, buttons[0], reason, buttons[1]));
}

function uploadPanel(reload, signal) {
  const chosen = h('span', { class: 'hint', id: 'mining-files-chosen' }, msg('mining_no_files'));
  const input = h('input', { type: 'file', id: 'mining-files', class: 'sr-only-input', multiple: true,
    accept: '.html,.htm,.zip,text/html,application/zip', 'aria-describedby': 'mining-files-chosen',
    on: { change: () => { chosen.textContent = input.files.length ? msg('mining_files_chosen', { count: input.files.length }) : msg('mining_no_files'); } } });
  const clusters = h('input', { type: 'number', min: 1, max: 64, step: 1, inputMode: 'numeric' });
  const bar = h('progress', { id: 'mining-progress', max: 100, value: 0, hidden: true, 'aria-label': msg('mining_title') });
  const line = h('p', { id: 'mining-status', role: 'status' });
  const counts = h('p', { id: 'mining-counts', class: 'meta' });
  const log = h('ol', { id: 'mining-log', class: 'log', tabIndex: 0, 'aria-label': msg('progress_log') }); // scrollable: reachable by keyboard
  const errors = h('p', { class: 'errors', id: 'mining-errors', role: 'alert' });
  const button = h('button', { type: 'submit', class: 'primary', id: 'mining-start' }, msg('mining_start'));

  function showEvent(ev) {
    bar.value = ev.progress;
    line.textContent = msg('mining_progress', { stage: stageLabel(ev.stage), progress: ev.progress });
    const d = ev.detail;
    if (d) {
      counts.textContent = [d.pages_total !== undefined ? msg('mining_counts', d) : '',
        d.clusters !== undefined ? msg('mining_counts_clusters', d) : ''].filter(Boolean).join(' · ');
    }
    log.append(h('li', { dataset: { stage: ev.stage, progress: ev.progress } }, `${line.textContent}${counts.textContent ? ` · ${counts.textContent}` : ''}`));
  }

  async function start(e) {
    e.preventDefault();
    errors.textContent = '';
    if (!input.files.length) { errors.textContent = msg('mining_need_files'); input.focus(); return; }
    let accepted;
    try {
      accepted = await api.startMining([...input.files], clusters.value);
    } catch (err) {
      errors.textContent = msg('mining_upload_failed', { error: err.message });
      return;
    }
    button.disabled = true;
    bar.hidden = false;
    clear(log);
    line.textContent = msg('mining_started', { pages: accepted.pages });
    let last = null;
    try {
      await followEvents(api.eventsUrl(accepted.task_id), { 'X-User-Id': userId() }, {
        signal,
        isDone: () => last?.status === 'completed' || last?.status === 'failed',
        onEvent: (ev) => { if (ev.event === 'status') { last = JSON.parse(ev.data); showEvent(last); } },
      });
    } catch (err) {
      errors.textContent = msg('mining_failed', { error: err.message });
    }
    button.disabled = false;
    bar.hidden = true;
    if (last?.status === 'completed') {
      line.textContent = msg('mining_done', { drafts: last.detail?.drafts ?? 0 });
      announce(line.textContent);
      await reload();
    } else if (last?.status === 'failed') {
      errors.textContent = msg('mining_failed', { error: last.error || msg('unknown_error') });
    }
  }

  return h('section', { class: 'panel', 'aria-labelledby': 'mining-upload-h' },
    h('h3', { id: 'mining-upload-h' }, msg('mining_upload_heading')),
    h('p', { class: 'hint' }, msg('mining_upload_hint')),
    h('form', { id: 'mining-form', novalidate: true, on: { submit: start } },
      h('div', { class: 'field file-field' }, h('span', { class: 'label-text' }, msg('mining_files')), input,
        h('label', { htmlFor: 'mining-files', class: 'button file-button' }, msg('mining_files_button')), ' ', chosen),
      field('mining-clusters', msg('mining_clusters'), clusters),
      button, errors),
    bar, line, counts, log);
}
