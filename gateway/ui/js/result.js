// Review of a finished page: preview at 860 px / 360 px in a sandboxed iframe, its blocks, images,
// versions and exports. The page is the stored one (GET /api/product-details/{id}); block and
// image edits run through the pipeline (edit.js) and the view then reloads the new version.
// Each editing control appears only when the gateway serves its endpoint (PAGE_API in api.js).

import { advicePanel } from './advice.js';
import { features, pages } from './api.js';
import { announce, clear, h } from './dom.js';
import { followEdit } from './edit.js';
import { noticePanel } from './noticeform.js';
import { blockLabel, pageStatusLabel, stageLabel } from './labels.js';
import { copyText, download, fileName, pasteableHtml, standaloneHtml } from './export.js';
import { pageDocument, sandboxedFrame, show } from './preview.js';

// Without the resources API: the generation result, in the stored page's shape.
const fromResult = (r) => ({ ...r, id: r.page_id, version: 1, status: 'draft',
  images: r.images.map((i) => ({ ...i, idx: i.index })) });

export async function resultView(root, taskId, result) {
  const feats = await features();
  let page = feats.getPage ? await pages.get(result.page_id) : fromResult(result);
  const frame = sandboxedFrame(`${page.title} 미리보기`, 'page-frame');
  frame.id = 'page-preview';
  frame.loading = 'eager';
  const initial = window.innerWidth < 900 ? 360 : 860; // phones start with the phone view
  const stage = h('div', { class: `frame-stage w${initial}`, id: 'frame-stage' }, frame);
  const version = h('p', { id: 'page-version', class: 'meta' });
  const status = h('p', { id: 'export-status', role: 'status' });
  const editBar = h('progress', { id: 'edit-progress', max: 100, value: 0, hidden: true });
  const editStatus = h('p', { id: 'edit-status', role: 'status' });
  const manual = h('textarea', { id: 'copy-fallback', readOnly: true, rows: 6, hidden: true, 'aria-label': '복사할 HTML' });
  const blockItems = h('ol', { class: 'result-blocks', id: 'result-blocks' });
  const imageItems = h('ol', { class: 'result-images', id: 'result-images' });
  const versions = feats.pageVersions ? versionsPanel(() => page, render, status) : null;
  const notice = feats.answerNotice ? noticePanel(() => page, edit) : null;

  function render(p) {
    page = p;
    show(frame, pageDocument(p));
    version.textContent = `버전 ${p.version} · ${pageStatusLabel(p.status)}`;
    version.dataset.version = p.version;
    clear(blockItems, p.blocks.map(blockRow));
    clear(imageItems, p.images.map(imageRow));
    versions?.reload();
    notice?.reload();
  }

  // One pipeline edit at a time: its controls are disabled until the new version is shown.
  let busy = false;
  async function edit(label, start, refocus) {
    if (busy) return;
    busy = true;
    for (const b of root.querySelectorAll('button.edit')) b.disabled = true;
    editBar.value = 0;
    editBar.hidden = false;
    editStatus.textContent = `${label}: 요청 중…`;
    try {
      await followEdit(await start(), (ev) => {
        editBar.value = ev.progress;
        editStatus.textContent = `${label}: ${ev.progress}% · ${stageLabel(ev.stage)}`;
      });
      render(await pages.get(page.id));
      editStatus.textContent = `${label} 완료 — 버전 ${page.version}`;
      announce(`${label} 완료`);
    } catch (err) {
      editStatus.textContent = `${label} 실패: ${err.message}`;
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
        for (const b of e.target.parentElement.children) b.setAttribute('aria-pressed', String(b === e.target));
        announce(`미리보기 너비 ${width}px`);
      } } }, `${width}px`);
  }

  function blockRow(block, i) {
    const name = blockLabel(block.block_type);
    const instruction = h('input', { type: 'text', class: 'instruction', placeholder: '예: 더 짧고 친근하게', 'aria-label': `${i + 1}번 ${name} 재생성 지시` });
    // After the edit the rows are new: focus the same control of the same row again.
    const act = (label, cls, start) => h('button', { type: 'button', class: `edit ${cls}`, 'aria-label': `${i + 1}번 ${name} ${label}`,
      on: { click: () => edit(`${i + 1}번 블록 ${label}`, start, () => blockItems.children[i]?.querySelector(`.${cls}`)?.focus()) } }, label);
    const order = (to) => moved(page.blocks.length, i, to).map((k) => page.blocks[k].index);
    return h('li', { class: 'result-block', dataset: { blockType: block.block_type, templateId: block.template_id ?? '', index: block.index } },
      h('span', { class: 'name' }, name), block.template_id ? h('span', { class: 'meta' }, ` 템플릿 #${block.template_id} v${block.template_version}`) : null,
      block.dropped ? h('span', { class: 'meta' }, ' (내용 부족으로 빠짐)') : null,
      h('span', { class: 'actions' },
        feats.regenerateBlock ? [instruction, act('재생성', 'regenerate', () => pages.regenerateBlock(page.id, block.index, instruction.value.trim()))] : null,
        feats.deleteBlock && page.blocks.length > 1 ? act('삭제', 'delete', () => pages.deleteBlock(page.id, block.index)) : null,
        feats.reorderBlocks && i > 0 ? act('위로', 'up', () => pages.reorderBlocks(page.id, order(i - 1))) : null,
        feats.reorderBlocks && i < page.blocks.length - 1 ? act('아래로', 'down', () => pages.reorderBlocks(page.id, order(i + 1))) : null));
  }

  function imageRow(img, i) {
    // Starts with the prompt the image was made from, to edit rather than retype.
    const prompt = h('input', { type: 'text', class: 'prompt', value: img.prompt || '', placeholder: '예: 밝은 배경, 제품을 가운데', 'aria-label': `${i + 1}번 이미지 프롬프트` });
    return h('li', {}, h('img', { src: img.url, alt: img.alt, width: 120, loading: 'lazy' }),
      feats.replaceImage ? [prompt, h('button', { type: 'button', class: 'edit replace-image', on: { click: () => {
        if (!prompt.value.trim()) { prompt.focus(); editStatus.textContent = '새 이미지를 설명하는 프롬프트를 입력하세요.'; return; }
        edit(`${i + 1}번 이미지 바꾸기`, () => pages.replaceImage(page.id, img.idx, prompt.value.trim()));
      } } }, '이미지 바꾸기')] : null);
  }

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
  const serverExport = (label, id, format) => h('button', { type: 'button', id, on: { click: async () => {
    status.textContent = `${label}: 만드는 중…`;
    try { download(fileName(format === 'slices' ? `${page.title}_slices` : page.title, 'zip'), await pages.exportFile(page.id, format)); status.textContent = `${label}: 내려받았습니다.`; } catch (err) { status.textContent = `${label} 실패: ${err.message}`; }
  } } }, label);
  const publish = feats.updatePage ? h('button', { type: 'button', id: 'publish', on: { click: async () => {
    try { render(await pages.publish(page.id)); status.textContent = '게시했습니다.'; } catch (err) { status.textContent = `게시 실패: ${err.message}`; }
  } } }, '게시') : null;

  clear(root,
    h('section', { class: 'panel', 'aria-labelledby': 'preview-h' },
      h('h3', { id: 'preview-h' }, `미리보기: ${page.title}`), version,
      h('div', { class: 'row', role: 'group', 'aria-label': '미리보기 너비' }, widthButton(860), widthButton(360)),
      stage),
    advicePanel(result),
    h('section', { class: 'panel', 'aria-labelledby': 'blocks-review-h' },
      h('h3', { id: 'blocks-review-h' }, '블록'), blockItems, editBar, editStatus),
    notice?.el,
    feats.replaceImage ? h('section', { class: 'panel', 'aria-labelledby': 'images-h' },
      h('h3', { id: 'images-h' }, '이미지'), imageItems) : null,
    h('section', { class: 'panel', 'aria-labelledby': 'export-h' },
      h('h3', { id: 'export-h' }, '검토와 내보내기'),
      h('div', { class: 'row' }, exportDownload, exportCopy,
        feats.exportPage ? [serverExport('ZIP 내보내기', 'export-zip', 'zip'), serverExport('이미지 조각 내보내기', 'export-slices', 'slices')] : null,
        publish),
      versions?.el, status, manual));
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
function versionsPanel(getPage, render, status) {
  const list = h('ol', { class: 'versions', id: 'page-versions' });
  const el = h('details', { id: 'versions', on: { toggle: (e) => e.target.open && load() } }, h('summary', {}, '버전 기록'), list);
  async function load() {
    let all;
    try { all = await pages.versions(getPage().id); } catch (err) { status.textContent = `버전 기록을 불러오지 못했습니다: ${err.message}`; return; }
    clear(list, all.map((v) => h('li', { dataset: { version: v.version } },
      `v${v.version} · ${new Date(v.created_at).toLocaleString('ko-KR')} · ${v.note} `,
      v.version === getPage().version ? h('span', { class: 'meta' }, '(현재)') : h('button', { type: 'button', class: 'revert', on: { click: async () => {
        try { render(await pages.revert(getPage().id, v.version)); status.textContent = `v${v.version} 내용으로 되돌렸습니다 (버전 ${getPage().version}).`; } catch (err) { status.textContent = `되돌리기 실패: ${err.message}`; }
      } } }, `v${v.version}로 되돌리기`))));
  }
  return { el, reload: () => el.open && load() };
}
