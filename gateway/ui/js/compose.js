// 새 페이지: product fields, template set (suggested from the category) or templates picked from
// the gallery, block order, then generate.

import { api, ApiError, features, pages, request } from './api.js';
import { blockList } from './blocklist.js';
import { announce, clear, debounce, field, h } from './dom.js';
import { BLOCK_TYPES, TONES, blockLabel, msg, styleLabel } from './labels.js';
import { sandboxedFrame, show } from './preview.js';
import { remember } from './recent.js';

export async function composeView(root) {
  const [categories, sets, feats, info] = await Promise.all([api.categories(), api.templateSets(), features(),
    api.info().catch(() => ({}))]);
  let chosenSet = null; // the set whose items are in the list, while unchanged

  const product = h('textarea', { rows: 8, required: true, maxLength: 20000 });
  // Text, not type=url: the upload's own address (/media/…) is sent as it is.
  const imageUrl = h('input', { type: 'text', inputMode: 'url', placeholder: 'https://…' });
  const photo = h('img', { id: 'upload-preview', alt: '올린 상품 사진', width: 120, hidden: true });
  const features_ = h('textarea', { rows: 3 });
  const target = h('input', { type: 'text', maxLength: 500 });
  // Presets as suggestions; any other tone may be typed (sent as written).
  const tone = h('input', { type: 'text', list: 'tone-presets', maxLength: 100, placeholder: '비워 두면 자동' });
  const tonePresets = h('datalist', { id: 'tone-presets' }, Object.values(TONES).map((l) => h('option', { value: l })));
  const category = h('select', {}, h('option', { value: '' }, '선택 안 함'),
    categories.map((c) => h('option', { value: c.name, dataset: { id: c.id } }, c.name)));
  const setSelect = h('select', {}, h('option', { value: '' }, '세트 없이 (직접 고르거나 자동)'),
    sets.map((s) => h('option', { value: s.id }, s.name)));
  const setHint = h('p', { class: 'hint', id: 'set-suggestion', role: 'status' });
  const errors = h('div', { class: 'errors', id: 'compose-errors', role: 'alert' });

  const blocks = blockList({
    label: '페이지 블록 순서',
    onChange: (items) => {
      if (chosenSet && !sameOrder(items, chosenSet)) chosenSet = null;
      count.textContent = items.length ? `블록 ${items.length}개` : '자동 구성';
    },
  });
  const count = h('span', { class: 'count', id: 'block-count' }, '자동 구성');

  function applySet(id) {
    const set = sets.find((s) => String(s.id) === String(id));
    chosenSet = set || null;
    blocks.set(set ? set.items.map((i) => ({ template_id: i.template_id, block_type: i.block_type, name: i.name })) : []);
    if (set) announce(`${set.name}: 블록 ${set.items.length}개`);
  }

  category.addEventListener('change', () => {
    const id = category.selectedOptions[0]?.dataset.id;
    const suggested = sets.filter((s) => String(s.category_id) === id)
      .sort((a, b) => Number(b.is_default) - Number(a.is_default))[0];
    if (suggested) {
      setSelect.value = suggested.id;
      applySet(suggested.id);
      setHint.textContent = `추천 세트: ${suggested.name}`;
    } else setHint.textContent = '';
  });
  setSelect.addEventListener('change', () => applySet(setSelect.value));

  // The native file input is visually hidden (its "Choose File" text follows the browser's
  // language); its label is the visible, Korean button, and the input keeps keyboard focus.
  const chosen = h('span', { class: 'hint', id: 'image-file-name' }, '선택한 파일 없음');
  const upload = feats.uploadImage ? h('div', { class: 'field file-field' },
    h('span', { class: 'label-text' }, '또는 상품 사진 파일 올리기'),
    h('input', { type: 'file', id: 'image-file', class: 'sr-only-input', accept: 'image/*', 'aria-describedby': 'image-file-name', on: { change: async (e) => {
      const file = e.target.files[0];
      if (!file) return;
      chosen.textContent = file.name;
      try {
        imageUrl.value = (await pages.uploadImage(file)).url;
        photo.src = imageUrl.value;
        photo.hidden = false;
        announce(msg('upload_done'));
      } catch (err) { errors.textContent = msg('upload_failed', { error: err.message }); }
    } } }),
    h('label', { htmlFor: 'image-file', class: 'button file-button' }, '사진 파일 선택'), ' ', chosen) : null;

  const saveSet = saveSetControl(blocks, category, async (created) => {
    sets.push(created);
    setSelect.append(h('option', { value: created.id }, created.name));
    setSelect.value = created.id;
    chosenSet = created;
  });
  const submit = h('button', { type: 'submit', class: 'primary', id: 'generate' }, '상세페이지 생성');
  const form = h('form', { class: 'compose', novalidate: true, on: { submit: onSubmit } },
    h('section', { class: 'panel', 'aria-labelledby': 'product-h' },
      h('h2', { id: 'product-h' }, '상품 정보'),
      field('product-data', '상품 설명 (이름, 가격, 사양 등)', product),
      field('image-url', '상품 이미지 주소', imageUrl, msg('image_url_hint')),
      upload, photo,
      field('features', '특징 (한 줄에 하나)', features_),
      field('target', '타깃 고객', target),
      h('div', { class: 'row' }, field('tone', '톤', tone, msg('tone_hint')), tonePresets, field('category', '카테고리', category))),
    h('section', { class: 'panel', 'aria-labelledby': 'blocks-h' },
      h('h2', { id: 'blocks-h' }, '템플릿과 블록 순서 ', count),
      field('template-set', '템플릿 세트', setSelect), setHint,
      h('p', { class: 'hint' }, '끌어서 놓거나, 블록에서 Alt+↑/↓ 또는 위로/아래로 버튼으로 순서를 바꿉니다.'),
      blocks.el, saveSet),
    errors,
    h('div', { class: 'submit' }, submit));

  const gallery = galleryView((t) => { chosenSet = null; setSelect.value = ''; blocks.add(t); },
    () => ({ product_data: product.value.trim(), category: category.value, tone: toneValue(tone.value) }));
  // First run: a known product fills the form, so a newcomer sees a page within a minute.
  const sampleButton = h('button', { type: 'button', id: 'sample-start', on: { click: async () => {
    const s = await request('GET', '/api/samples/first-run');
    product.value = s.product_data;
    features_.value = (s.features || []).join('\n');
    target.value = s.target_customer || '';
    tone.value = TONES[s.tone] || s.tone || '';
    category.value = s.category || '';
    category.dispatchEvent(new Event('change'));
    sampleStatus.textContent = msg('sample_filled');
    submit.focus();
  } } }, msg('sample_start'));
  const sampleStatus = h('p', { id: 'sample-status', class: 'hint', role: 'status' });
  const offline = (info.writer || info.provider) === 'offline'
    ? h('p', { class: 'hint', id: 'offline-note' }, msg('offline_compose')) : null;
  clear(root, h('h2', { class: 'page-title' }, '새 상세페이지'),
    h('div', { class: 'row first-run' }, sampleButton, sampleStatus), offline, form, gallery);

  async function onSubmit(e) {
    e.preventDefault();
    errors.textContent = '';
    if (!product.value.trim()) {
      errors.textContent = '상품 설명을 입력하세요.';
      product.focus();
      return;
    }
    const body = {
      product_data: product.value,
      product_image_url: imageUrl.value.trim() || null,
      features: features_.value.split('\n').map((s) => s.trim()).filter(Boolean),
      target_customer: target.value.trim() || null,
      tone: toneValue(tone.value),
      category: category.value || null,
    };
    const items = blocks.items;
    if (chosenSet && sameOrder(items, chosenSet)) body.template_set_id = chosenSet.id;
    else if (items.length) body.template_ids = items.map((i) => i.template_id);
    submit.disabled = true;
    try {
      const accepted = await api.generate(body);
      remember({ task_id: accepted.task_id, title: product.value.split('\n')[0].slice(0, 80), at: new Date().toISOString() });
      window.location.hash = `#/task/${accepted.task_id}`;
    } catch (err) {
      errors.textContent = err instanceof ApiError && err.fieldErrors.length
        ? msg('input_check', { errors: err.message }) : msg('request_failed', { error: err.message });
      submit.disabled = false;
      errors.focus?.();
    }
  }
}

// A preset's Korean label goes out as its API value; anything else as typed.
const toneValue = (text) => {
  const typed = text.trim();
  if (!typed) return null;
  return Object.entries(TONES).find(([, label]) => label === typed)?.[0] || typed;
};

const sameOrder = (items, set) => items.length === set.items.length &&
  items.every((item, i) => item.template_id === set.items[i].template_id);

// Template gallery: filter by block type or words, live previews in sandboxed iframes.
function galleryView(onAdd, productContext) {
  const type = h('select', {}, h('option', { value: '' }, '모든 블록'),
    Object.entries(BLOCK_TYPES).map(([v, l]) => h('option', { value: v }, l)));
  const q = h('input', { type: 'search', placeholder: '예: 미니멀, 카드' });
  const grid = h('ul', { class: 'gallery', id: 'gallery' });
  const more = h('button', { type: 'button', hidden: true }, '더 보기');
  const mine = h('button', { type: 'button', id: 'gallery-refresh', on: { click: () => load(true) } }, '내 상품 내용으로 미리보기');
  let offset = 0;

  async function load(reset) {
    if (reset) { offset = 0; clear(grid); }
    const page = await api.templates({ blockType: type.value, q: q.value.trim(), offset, limit: 12 });
    offset += page.items.length;
    more.hidden = offset >= page.total;
    if (reset && !page.items.length) grid.append(h('li', {}, '맞는 템플릿이 없습니다.'));
    for (const t of page.items) {
      const frame = sandboxedFrame(`${t.name} 미리보기`, 'thumb');
      grid.append(h('li', { class: 'card', dataset: { templateId: t.id } },
        h('h3', { 'data-seller-text': '' }, t.name),
        h('p', { class: 'meta' }, `${blockLabel(t.block_type)} · ${styleLabel(t.style)}`),
        h('div', { class: 'thumb-wrap' }, frame),
        h('button', { type: 'button', class: 'add', 'aria-label': `${t.name} 블록 추가`,
          on: { click: () => onAdd({ template_id: t.id, block_type: t.block_type, name: t.name }) } }, '추가')));
      api.templatePreview(t.id, productContext()).then((html) => show(frame, html)).catch(() => {});
    }
  }
  const reload = debounce(() => load(true), 300);
  type.addEventListener('change', () => load(true));
  q.addEventListener('input', reload);
  more.addEventListener('click', () => load(false));
  load(true);
  return h('section', { class: 'panel', 'aria-labelledby': 'gallery-h' },
    h('h2', { id: 'gallery-h' }, '템플릿 갤러리'),
    h('div', { class: 'row' }, field('gallery-type', '블록 종류', type), field('gallery-q', '검색', q)),
    h('p', { class: 'hint' }, '미리보기는 예시 내용입니다. 상품 설명을 쓴 뒤 ', mine, '를 누르면 그 내용으로 보여 줍니다.'),
    grid, more);
}

// Admins can keep the current block list as a template set of the chosen category.
function saveSetControl(blocks, category, onSaved) {
  const name = h('input', { type: 'text', maxLength: 200 });
  const status = h('p', { role: 'status', id: 'set-save-status' });
  const save = h('button', { type: 'button', id: 'save-set', on: { click: async () => {
    if (!blocks.items.length || !name.value.trim()) { status.textContent = '블록과 세트 이름이 필요합니다.'; return; }
    try {
      const created = await api.createTemplateSet({ name: name.value.trim(), template_ids: blocks.items.map((i) => i.template_id),
        category_id: Number(category.selectedOptions[0]?.dataset.id) || null });
      await onSaved(created);
      status.textContent = `세트 '${created.name}'를 저장했습니다.`;
    } catch (err) {
      status.textContent = err.status === 403 ? '관리자만 세트를 저장할 수 있습니다.' : `세트 저장 실패: ${err.message}`;
    }
  } } }, '세트로 저장');
  return h('details', { class: 'save-set' }, h('summary', {}, '이 블록 구성을 세트로 저장 (관리자)'),
    field('set-name', '세트 이름', name), save, status);
}
