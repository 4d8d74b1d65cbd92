// Review of a finished page: preview at 860 px / 360 px in a sandboxed iframe, its blocks, and
// exports. Editing actions (regenerate, delete, move, versions, publish, ZIP, slices) appear only
// when the gateway serves them (see PENDING in api.js).

import { features, pending } from './api.js';
import { announce, clear, h } from './dom.js';
import { blockLabel } from './labels.js';
import { copyText, download, fileName, pasteableHtml, standaloneHtml } from './export.js';
import { pageDocument, sandboxedFrame, show } from './preview.js';

export async function resultView(root, taskId, page) {
  const feats = await features();
  const frame = sandboxedFrame(`${page.title} 미리보기`, 'page-frame');
  frame.id = 'page-preview';
  frame.loading = 'eager';
  const initial = window.innerWidth < 900 ? 360 : 860; // phones start with the phone view
  const stage = h('div', { class: `frame-stage w${initial}`, id: 'frame-stage' }, frame);
  const status = h('p', { id: 'export-status', role: 'status' });
  const manual = h('textarea', { id: 'copy-fallback', readOnly: true, rows: 6, hidden: true, 'aria-label': '복사할 HTML' });

  function render(p) {
    page = p;
    show(frame, pageDocument(p));
    clear(blockItems, p.blocks.map(blockRow));
  }

  function widthButton(width) {
    return h('button', { type: 'button', class: 'width', id: `width-${width}`, 'aria-pressed': String(width === initial),
      on: { click: (e) => {
        stage.className = `frame-stage w${width}`;
        for (const b of e.target.parentElement.children) b.setAttribute('aria-pressed', String(b === e.target));
        announce(`미리보기 너비 ${width}px`);
      } } }, `${width}px`);
  }

  function blockRow(block, i) {
    const name = blockLabel(block.block_type);
    const instruction = h('input', { type: 'text', placeholder: '예: 더 짧고 친근하게', 'aria-label': `${i + 1}번 ${name} 재생성 지시` });
    const act = (label, fn, cls) => h('button', { type: 'button', class: cls, on: { click: async () => {
      try { const next = await fn(); if (next?.html_list) render(next); announce(`${label} 완료`); } catch (err) { status.textContent = `${label} 실패: ${err.message}`; }
    } } }, label);
    return h('li', { class: 'result-block', dataset: { blockType: block.block_type, templateId: block.template_id ?? '' } },
      h('span', { class: 'name' }, name), block.template_id ? h('span', { class: 'meta' }, ` 템플릿 #${block.template_id} v${block.template_version}`) : null,
      feats.regenerateBlock ? h('span', { class: 'actions' }, instruction,
        act('재생성', () => pending.regenerateBlock(page.page_id, block.index ?? i, instruction.value.trim()), 'regenerate')) : null,
      feats.deleteBlock ? act('삭제', () => pending.deleteBlock(page.page_id, block.index ?? i), 'delete') : null,
      feats.reorderBlocks ? act('위로', () => pending.reorderBlocks(page.page_id, moved(page.blocks.length, i, i - 1)), 'up') : null,
      feats.reorderBlocks ? act('아래로', () => pending.reorderBlocks(page.page_id, moved(page.blocks.length, i, i + 1)), 'down') : null);
  }

  const blockItems = h('ol', { class: 'result-blocks', id: 'result-blocks' });
  const exportDownload = h('button', { type: 'button', id: 'export-html', class: 'primary', on: { click: async () => {
    status.textContent = 'HTML 파일을 만드는 중…';
    const html = await standaloneHtml(page);
    download(fileName(page.title), new Blob([html], { type: 'text/html;charset=utf-8' }));
    status.textContent = 'HTML 파일을 내려받았습니다.';
  } } }, 'HTML 다운로드');
  const exportCopy = h('button', { type: 'button', id: 'copy-html', on: { click: async () => {
    const text = pasteableHtml(page);
    if (await copyText(text)) { status.textContent = 'HTML을 복사했습니다.'; manual.hidden = true; return; }
    manual.value = text;
    manual.hidden = false;
    manual.focus();
    manual.select();
    status.textContent = '클립보드를 쓸 수 없습니다. 선택된 HTML을 Ctrl+C로 복사하세요.';
  } } }, 'HTML 복사');
  const serverExport = (label, id, fn, ext) => h('button', { type: 'button', id, on: { click: async () => {
    try { download(fileName(page.title, ext), await fn(page.page_id)); } catch (err) { status.textContent = `${label} 실패: ${err.message}`; }
  } } }, label);

  const extras = [];
  if (feats.updatePage) extras.push(h('button', { type: 'button', id: 'publish', on: { click: async () => {
    try { await pending.publishPage(page.page_id); status.textContent = '게시했습니다.'; } catch (err) { status.textContent = `게시 실패: ${err.message}`; }
  } } }, '게시'));
  if (feats.pageVersions) extras.push(versionsPanel(() => page, render, status));
  const images = feats.replaceImage ? h('section', { class: 'panel', 'aria-labelledby': 'images-h' },
    h('h3', { id: 'images-h' }, '이미지'), h('ol', {}, page.images.map((img) => {
      const prompt = h('input', { type: 'text', placeholder: '예: 밝은 배경, 제품을 가운데', 'aria-label': `${img.index + 1}번 이미지 수정 지시` });
      return h('li', {}, h('img', { src: img.url, alt: img.alt, width: 120, loading: 'lazy' }), prompt,
        h('button', { type: 'button', class: 'replace-image', on: { click: async () => {
          try { const next = await pending.replaceImage(page.page_id, img.index, prompt.value.trim()); if (next?.html_list) render(next); status.textContent = '이미지를 바꿨습니다.'; } catch (err) { status.textContent = `이미지 바꾸기 실패: ${err.message}`; }
        } } }, '이미지 바꾸기'));
    }))) : null;

  clear(root,
    h('section', { class: 'panel', 'aria-labelledby': 'preview-h' },
      h('h3', { id: 'preview-h' }, `미리보기: ${page.title}`),
      h('div', { class: 'row', role: 'group', 'aria-label': '미리보기 너비' }, widthButton(860), widthButton(360)),
      stage),
    h('section', { class: 'panel', 'aria-labelledby': 'blocks-review-h' },
      h('h3', { id: 'blocks-review-h' }, '블록'), blockItems,
      feats.regenerateBlock ? null : h('p', { class: 'hint', id: 'edit-pending' }, '블록 재생성·삭제·이동은 서버가 편집 기능을 지원하면 여기에 나타납니다.')),
    images,
    h('section', { class: 'panel', 'aria-labelledby': 'export-h' },
      h('h3', { id: 'export-h' }, '검토와 내보내기'),
      h('div', { class: 'row' }, exportDownload, exportCopy,
        feats.exportZip ? serverExport('ZIP 내보내기', 'export-zip', pending.exportZip, 'zip') : null,
        feats.exportSlices ? serverExport('이미지 조각 내보내기', 'export-slices', pending.exportSlices, 'zip') : null,
        extras),
      status, manual));
  render(page);
}

function moved(length, from, to) {
  const order = [...Array(length).keys()];
  if (to < 0 || to >= length) return order;
  order.splice(to, 0, order.splice(from, 1)[0]);
  return order;
}

function versionsPanel(getPage, render, status) {
  const list = h('ol', { class: 'versions' });
  const load = async () => {
    const versions = await pending.pageVersions(getPage().page_id);
    clear(list, versions.map((v) => h('li', {}, `v${v.version} ${v.created_at || ''} `,
      h('button', { type: 'button', on: { click: async () => {
        try { const next = await pending.revertPage(getPage().page_id, v.version); if (next?.html_list) render(next); status.textContent = `v${v.version}으로 되돌렸습니다.`; } catch (err) { status.textContent = `되돌리기 실패: ${err.message}`; }
      } } }, '되돌리기'))));
  };
  return h('details', { on: { toggle: (e) => e.target.open && load() } }, h('summary', {}, '버전'), list);
}
