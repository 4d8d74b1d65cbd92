// Review of a finished page: preview at 860 px / 360 px in a sandboxed iframe, its blocks, images,
// versions and exports. The page is the stored one (GET /api/product-details/{id}); block and
// image edits run through the pipeline (edit.js) and the view then reloads the new version.
// Each editing control appears only when the gateway serves its endpoint (PAGE_API in api.js).

import { advicePanel } from './advice.js';
import { api, features, pages } from './api.js';
import { announce, clear, h } from './dom.js';
import { followEdit } from './edit.js';
import { feedbackControls } from './feedback.js';
import { blockDiff, versionCompare } from './diff.js';
import { inlineEditor } from './inline.js';
import { noticePanel } from './noticeform.js';
import { blockPlaceLabel, msg, pageStatusLabel, stageLabel } from './labels.js';
import { copyText, download, fileName, pasteableHtml, standaloneHtml } from './export.js';
import { pageDocument, sandboxedFrame, show } from './preview.js';

// Without the resources API: the generation result, in the stored page's shape.
const fromResult = (r) => ({ ...r, id: r.page_id, version: 1, status: 'draft',
  images: r.images.map((i) => ({ ...i, idx: i.index })) });

export async function resultView(root, taskId, result) {
  const [feats, info] = await Promise.all([features(), api.info().catch(() => ({}))]);
  const offline = (info.writer || info.provider) === 'offline'; // the offline writer cannot follow instructions
  let page = feats.getPage ? await pages.get(result.page_id) : fromResult(result);
  const frame = sandboxedFrame(msg('preview_of', { title: page.title }), 'page-frame');
  frame.id = 'page-preview';
  frame.loading = 'eager';
  const initial = window.innerWidth < 900 ? 360 : 860; // phones start with the phone view
  const stage = h('div', { class: `frame-stage w${initial}`, id: 'frame-stage' }, frame);
  const version = h('p', { id: 'page-version', class: 'meta' });
  const status = h('p', { id: 'export-status', role: 'status' });
  const editBar = h('progress', { id: 'edit-progress', max: 100, value: 0, hidden: true });
  const editStatus = h('p', { id: 'edit-status', role: 'status' });
  const manual = h('textarea', { id: 'copy-fallback', readOnly: true, rows: 6, hidden: true, 'aria-label': msg('copy_area') });
  const blockItems = h('ol', { class: 'result-blocks', id: 'result-blocks' });
  const imageItems = h('ol', { class: 'result-images', id: 'result-images' });
  const diffSlot = h('div', { id: 'diff-slot' });
  const feedbackStatus = h('p', { id: 'feedback-status', role: 'status' });
  const compareSlot = h('div', { id: 'compare-slot' });
  const versions = feats.pageVersions ? versionsPanel(() => page, render, status, compareSlot) : null;
  const notice = feats.answerNotice ? noticePanel(() => page, edit) : null;

  function render(p) {
    page = p;
    show(frame, pageDocument(p));
    version.textContent = msg('version_status', { version: p.version, status: pageStatusLabel(p.status) });
    version.dataset.version = p.version;
    clear(blockItems, p.blocks.map(blockRow));
    clear(imageItems, p.images.map(imageRow));
    versions?.reload();
    notice?.reload();
  }

  // One pipeline edit at a time: its controls are disabled until the new version is shown.
  let busy = false;
  async function edit(label, start, refocus, after) {
    if (busy) return;
    busy = true;
    for (const b of root.querySelectorAll('button.edit')) b.disabled = true;
    editBar.value = 0;
    editBar.hidden = false;
    editStatus.textContent = msg('edit_requesting', { label });
    try {
      await followEdit(await start(), (ev) => {
        editBar.value = ev.progress;
        editStatus.textContent = `${label}: ${ev.progress}% · ${stageLabel(ev.stage)}`;
      });
      const before = page;
      render(await pages.get(page.id));
      editStatus.textContent = msg('edit_done', { label, version: page.version });
      announce(msg('edit_announce', { label }));
      after?.(before, page);
    } catch (err) {
      editStatus.textContent = msg('edit_failed', { label, error: err.message });
    } finally {
      busy = false;
      editBar.hidden = true;
      for (const b of root.querySelectorAll('button.edit')) b.disabled = false;
      refocus?.();
    }
  }

  function widthButton(width) {
    return h('button', { type: 'button', class: 'width', id: `width-${width}`, 'aria-pressed': String(width === initial),
      on: { click: (e) => {
        stage.className = `frame-stage w${width}`;
        for (const b of e.target.parentElement.querySelectorAll('.width')) b.setAttribute('aria-pressed', String(b === e.target));
        announce(msg('width_now', { width }));
      } } }, `${width}px`);
  }

  // The regenerated block's text before and after, next to each other.
  const showDiff = (label, blockIndex) => (before, after) => {
    const at = (p) => p.html_list[p.blocks.findIndex((b) => b.index === blockIndex)];
    clear(diffSlot, blockDiff(label, at(before), at(after), offline));
  };

  function blockRow(block, i) {
    const name = blockPlaceLabel(block.block_type, i + 1); // "2번 블록 · 주요 특징"
    const instruction = h('input', { type: 'text', class: 'instruction', placeholder: msg('instruction_placeholder'),
      'aria-label': msg('instruction_label', { block: name }), 'aria-describedby': offline ? 'instruction-warning' : null });
    // After the edit the rows are new: focus the same control of the same row again.
    const act = (label, cls, start, after) => h('button', { type: 'button', class: `edit ${cls}`, 'aria-label': `${name} ${label}`,
      on: { click: () => edit(`${name} ${label}`, start, () => blockItems.children[i]?.querySelector(`.${cls}`)?.focus(), after) } }, label);
    const order = (to) => moved(page.blocks.length, i, to).map((k) => page.blocks[k].index);
    return h('li', { class: 'result-block', dataset: { blockType: block.block_type, templateId: block.template_id ?? '', index: block.index } },
      h('span', { class: 'name' }, name),
      block.dropped ? h('span', { class: 'meta' }, msg('block_dropped')) : null,
      h('span', { class: 'actions' },
        feats.regenerateBlock ? [instruction, act(msg('regenerate'), 'regenerate',
          () => pages.regenerateBlock(page.id, block.index, instruction.value.trim()), showDiff(name, block.index))] : null,
        feats.deleteBlock && page.blocks.length > 1 ? act(msg('delete'), 'delete', () => pages.deleteBlock(page.id, block.index)) : null,
        feats.reorderBlocks && i > 0 ? act(msg('up'), 'up', () => pages.reorderBlocks(page.id, order(i - 1))) : null,
        feats.reorderBlocks && i < page.blocks.length - 1 ? act(msg('down'), 'down', () => pages.reorderBlocks(page.id, order(i + 1))) : null),
      feats.feedback ? feedbackControls(() => page.id, block.index, name, feedbackStatus) : null);
  }

  function imageRow(img, i) {
    // Starts with the prompt the image was made from, to edit rather than retype.
    const prompt = h('input', { type: 'text', class: 'prompt', value: img.prompt || '', placeholder: msg('prompt_placeholder'), 'aria-label': msg('image_prompt_label', { position: i + 1 }) });
    // Sized, so the rows below do not move when the image loads.
    return h('li', {}, h('img', { src: img.url, alt: img.alt, width: 120, height: 120, loading: 'lazy' }),
      feats.replaceImage ? [prompt, h('button', { type: 'button', class: 'edit replace-image', on: { click: () => {
        if (!prompt.value.trim()) { prompt.focus(); editStatus.textContent = msg('need_prompt'); return; }
        edit(msg('replace_image_label', { position: i + 1 }), () => pages.replaceImage(page.id, img.idx, prompt.value.trim()));
      } } }, msg('replace_image'))] : null);
  }

  const exportDownload = h('button', { type: 'button', id: 'export-html', class: 'primary', on: { click: async () => {
    status.textContent = msg('html_making');
    const html = await standaloneHtml(page);
    download(fileName(page.title), new Blob([html], { type: 'text/html;charset=utf-8' }));
    status.textContent = msg('html_done');
  } } }, msg('html_download'));
  const exportCopy = h('button', { type: 'button', id: 'copy-html', on: { click: async () => {
    const text = pasteableHtml(page);
    if (await copyText(text)) { status.textContent = msg('html_copied'); manual.hidden = true; return; }
    manual.value = text;
    manual.hidden = false;
    manual.focus();
    manual.select();
    status.textContent = msg('copy_by_hand');
  } } }, msg('html_copy'));
  const serverExport = (label, id, format) => h('button', { type: 'button', id, on: { click: async () => {
    status.textContent = msg('export_making', { label });
    try { download(fileName(format === 'slices' ? `${page.title}_slices` : page.title, 'zip'), await pages.exportFile(page.id, format)); status.textContent = msg('export_done', { label }); } catch (err) { status.textContent = msg('edit_failed', { label, error: err.message }); }
  } } }, label);
  const publish = feats.updatePage ? h('button', { type: 'button', id: 'publish', on: { click: async () => {
    try { render(await pages.publish(page.id)); status.textContent = msg('published'); } catch (err) { status.textContent = msg('publish_failed', { error: err.message }); }
  } } }, msg('publish')) : null;

  // 크게 보기: the preview fills the window (Esc or the same button returns).
  const fullButton = h('button', { type: 'button', id: 'full-size', 'aria-pressed': 'false', on: { click: () => toggleFull() } }, msg('full_size'));
  function toggleFull(force) {
    const on = force ?? !stage.classList.contains('full');
    stage.classList.toggle('full', on);
    fullButton.setAttribute('aria-pressed', String(on));
    fullButton.textContent = msg(on ? 'full_size_close' : 'full_size');
    if (on) stage.prepend(fullButton); else widthRow.append(fullButton);
    fullButton.focus();
  }
  stage.addEventListener('keydown', (e) => { if (e.key === 'Escape' && stage.classList.contains('full')) toggleFull(false); });
  const widthRow = h('div', { class: 'row', role: 'group', 'aria-label': msg('width_group') }, widthButton(860), widthButton(360), fullButton);

  // 글 직접 고치기: the preview becomes editable; saving stores a hand-edited version.
  const inlineSlot = h('div', { id: 'inline-slot' });
  const inlineButton = feats.updatePage ? h('button', { type: 'button', id: 'inline-edit', on: { click: () => {
    const editor = inlineEditor(page, { status,
      onSaved: (saved) => { closeInline(); render(saved); announce(status.textContent); },
      onCancel: () => closeInline() });
    stage.hidden = true;
    inlineButton.hidden = true;
    clear(inlineSlot, editor.el);
    editor.frame.addEventListener('load', () => editor.frame.focus(), { once: true });
  } } }, msg('inline_edit')) : null;
  function closeInline() { clear(inlineSlot); stage.hidden = false; inlineButton.hidden = false; inlineButton.focus(); }

  clear(root,
    h('section', { class: 'panel', 'aria-labelledby': 'preview-h' },
      h('h3', { id: 'preview-h' }, msg('preview_heading'), h('span', { 'data-seller-text': '' }, page.title)), version,
      widthRow, inlineButton, stage, inlineSlot),
    feats.feedback ? h('section', { class: 'panel', 'aria-labelledby': 'feedback-h', id: 'page-feedback' },
      h('h3', { id: 'feedback-h' }, msg('feedback_page')), h('p', { class: 'hint' }, msg('feedback_hint')),
      feedbackControls(() => page.id, null, msg('feedback_page_what'), feedbackStatus)) : null,
    advicePanel(result),
    h('section', { class: 'panel', 'aria-labelledby': 'blocks-review-h' },
      h('h3', { id: 'blocks-review-h' }, msg('blocks_heading')),
      offline && feats.regenerateBlock ? h('p', { class: 'hint warning', id: 'instruction-warning' }, msg('provider.offline_instruction')) : null,
      blockItems, editBar, editStatus, feedbackStatus, diffSlot),
    notice?.el,
    feats.replaceImage ? h('section', { class: 'panel', 'aria-labelledby': 'images-h' },
      h('h3', { id: 'images-h' }, msg('images_heading')), imageItems) : null,
    h('section', { class: 'panel', 'aria-labelledby': 'export-h' },
      h('h3', { id: 'export-h' }, msg('review_heading')),
      h('div', { class: 'row' }, exportDownload, exportCopy,
        feats.exportPage ? [serverExport(msg('export_zip'), 'export-zip', 'zip'), serverExport(msg('export_slices'), 'export-slices', 'slices')] : null,
        publish),
      versions?.el, status, manual),
    compareSlot);
  render(page);
}

function moved(length, from, to) {
  const order = [...Array(length).keys()];
  if (to < 0 || to >= length) return order;
  order.splice(to, 0, order.splice(from, 1)[0]);
  return order;
}

// The saved versions, loaded when opened and again after every change; 되돌리기 stores the old
// version as the newest (the server answers with the page).
function versionsPanel(getPage, render, status, compareSlot) {
  const list = h('ol', { class: 'versions', id: 'page-versions' });
  const el = h('details', { id: 'versions', on: { toggle: (e) => e.target.open && load() } }, h('summary', {}, msg('versions')), list);
  const compare = async (v, button) => {
    const old = await pages.version(getPage().id, v.version);
    const view = versionCompare(old, getPage(), () => { clear(compareSlot); button.focus(); });
    clear(compareSlot, view.el);
    view.el.scrollIntoView();
    view.focus();
  };
  async function load() {
    let all;
    try { all = await pages.versions(getPage().id); } catch (err) { status.textContent = msg('versions_failed', { error: err.message }); return; }
    clear(list, all.map((v) => h('li', { dataset: { version: v.version } },
      msg('version_line', { version: v.version, at: new Date(v.created_at).toLocaleString('ko-KR'), note: v.note }) + ' ',
      v.version === getPage().version ? h('span', { class: 'meta' }, msg('current')) : [
        h('button', { type: 'button', class: 'revert', on: { click: async () => {
          try { render(await pages.revert(getPage().id, v.version)); status.textContent = msg('reverted', { version: v.version, now: getPage().version }); } catch (err) { status.textContent = msg('revert_failed', { error: err.message }); }
        } } }, msg('revert_to', { version: v.version })),
        h('button', { type: 'button', class: 'compare', 'aria-label': msg('compare_label', { version: v.version }), on: { click: (e) => compare(v, e.currentTarget) } }, msg('compare'))])));
  }
  return { el, reload: () => el.open && load() };
}
