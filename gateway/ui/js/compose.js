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
  const photo = h('img', { id: 'upload-preview', alt: msg('uploaded_photo'), width: 120, hidden: true });
  const features_ = h('textarea', { rows: 3 });
  const target = h('input', { type: 'text', maxLength: 500 });
  // Presets as suggestions; any other tone may be typed (sent as written).
  const tone = h('input', { type: 'text', list: 'tone-presets', maxLength: 100, placeholder: msg('tone_placeholder') });
  const tonePresets = h('datalist', { id: 'tone-presets' }, Object.values(TONES).map((l) => h('option', { value: l })));
  const category = h('select', {}, h('option', { value: '' }, msg('no_category')),
    categories.map((c) => h('option', { value: c.name, dataset: { id: c.id } }, c.name)));
  const setSelect = h('select', {}, h('option', { value: '' }, msg('no_set')),
    sets.map((s) => h('option', { value: s.id }, s.name)));
  const setHint = h('p', { class: 'hint', id: 'set-suggestion', role: 'status' });
  const errors = h('div', { class: 'errors', id: 'compose-errors', role: 'alert' });

  const blocks = blockList({
    label: msg('block_order'),
    onChange: (items) => {
      if (chosenSet && !sameOrder(items, chosenSet)) chosenSet = null;
      count.textContent = items.length ? msg('block_count', { count: items.length }) : msg('auto_blocks');
    },
  });
  const count = h('span', { class: 'count', id: 'block-count' }, msg('auto_blocks'));

  function applySet(id) {
    const set = sets.find((s) => String(s.id) === String(id));
    chosenSet = set || null;
    blocks.set(set ? set.items.map((i) => ({ template_id: i.template_id, block_type: i.block_type, name: i.name })) : []);
    if (set) announce(msg('set_chosen', { name: set.name, count: set.items.length }));
  }

  category.addEventListener('change', () => {
    const id = category.selectedOptions[0]?.dataset.id;
    const suggested = sets.filter((s) => String(s.category_id) === id)
      .sort((a, b) => Number(b.is_default) - Number(a.is_default))[0];
    if (suggested) {
      setSelect.value = suggested.id;
      applySet(suggested.id);
      setHint.textContent = msg('set_suggested', { name: suggested.name });
    } else setHint.textContent = '';
  });
  setSelect.addEventListener('change', () => applySet(setSelect.value));

  // The native file input is visually hidden (its "Choose File" text follows the browser's
  // language); its label is the visible, Korean button, and the input keeps keyboard focus.
  const chosen = h('span', { class: 'hint', id: 'image-file-name' }, msg('no_file'));
  const upload = feats.uploadImage ? h('div', { class: 'field file-field' },
    h('span', { class: 'label-text' }, msg('upload_label')),
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
    h('label', { htmlFor: 'image-file', class: 'button file-button' }, msg('upload_button')), ' ', chosen) : null;

  const saveSet = saveSetControl(blocks, category, async (created) => {
    sets.push(created);
    setSelect.append(h('option', { value: created.id }, created.name));
    setSelect.value = created.id;
    chosenSet = created;
  });
  const submit = h('button', { type: 'submit', class: 'primary', id: 'generate' }, msg('generate'));
  const form = h('form', { class: 'compose', novalidate: true, on: { submit: onSubmit } },
    h('section', { class: 'panel', 'aria-labelledby': 'product-h' },
      h('h2', { id: 'product-h' }, msg('product_heading')),
      field('product-data', msg('product_label'), product),
      field('image-url', msg('image_url_label'), imageUrl, msg('image_url_hint')),
      upload, photo,
      field('features', msg('features_label'), features_),
      field('target', msg('target_label'), target),
      h('div', { class: 'row' }, field('tone', msg('tone_label'), tone, msg('tone_hint')), tonePresets, field('category', msg('category_label'), category))),
    h('section', { class: 'panel', 'aria-labelledby': 'blocks-h' },
      h('h2', { id: 'blocks-h' }, msg('blocks_title'), count),
      field('template-set', msg('set_label'), setSelect), setHint,
      h('p', { class: 'hint' }, msg('reorder_hint')),
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
  clear(root, h('h2', { class: 'page-title' }, msg('compose_title')),
    h('div', { class: 'row first-run' }, sampleButton, sampleStatus), offline, form, gallery);

  async function onSubmit(e) {
    e.preventDefault();
    errors.textContent = '';
    if (!product.value.trim()) {
      errors.textContent = msg('need_product');
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
  const type = h('select', {}, h('option', { value: '' }, msg('all_blocks')),
    Object.entries(BLOCK_TYPES).map(([v, l]) => h('option', { value: v }, l)));
  const q = h('input', { type: 'search', placeholder: msg('gallery_placeholder') });
  const grid = h('ul', { class: 'gallery', id: 'gallery' });
  const more = h('button', { type: 'button', hidden: true }, msg('more'));
  const mine = h('button', { type: 'button', id: 'gallery-refresh', on: { click: () => load(true) } }, msg('preview_mine'));
  let offset = 0;

  async function load(reset) {
    if (reset) { offset = 0; clear(grid); }
    const page = await api.templates({ blockType: type.value, q: q.value.trim(), offset, limit: 12 });
    offset += page.items.length;
    more.hidden = offset >= page.total;
    if (reset && !page.items.length) grid.append(h('li', {}, msg('no_templates')));
    for (const t of page.items) {
      const frame = sandboxedFrame(msg('preview_of', { title: t.name }), 'thumb');
      grid.append(h('li', { class: 'card', dataset: { templateId: t.id } },
        h('h3', { 'data-seller-text': '' }, t.name),
        h('p', { class: 'meta' }, `${blockLabel(t.block_type)} · ${styleLabel(t.style)}`),
        h('div', { class: 'thumb-wrap' }, frame),
        h('button', { type: 'button', class: 'add', 'aria-label': msg('add_label', { name: t.name }),
          on: { click: () => onAdd({ template_id: t.id, block_type: t.block_type, name: t.name }) } }, msg('add'))));
      api.templatePreview(t.id, productContext()).then((html) => show(frame, html)).catch(() => {});
    }
  }
  const reload = debounce(() => load(true), 300);
  type.addEventListener('change', () => load(true));
  q.addEventListener('input', reload);
  more.addEventListener('click', () => load(false));
  load(true);
  return h('section', { class: 'panel', 'aria-labelledby': 'gallery-h' },
    h('h2', { id: 'gallery-h' }, msg('gallery_title')),
    h('div', { class: 'row' }, field('gallery-type', msg('block_type_label'), type), field('gallery-q', msg('search'), q)),
    h('p', { class: 'hint' }, msg('gallery_hint_before'), mine, msg('gallery_hint_after')),
    grid, more);
}

// Admins can keep the current block list as a template set of the chosen category.
function saveSetControl(blocks, category, onSaved) {
  const name = h('input', { type: 'text', maxLength: 200 });
  const status = h('p', { role: 'status', id: 'set-save-status' });
  const save = h('button', { type: 'button', id: 'save-set', on: { click: async () => {
    if (!blocks.items.length || !name.value.trim()) { status.textContent = msg('set_needs'); return; }
    try {
      const created = await api.createTemplateSet({ name: name.value.trim(), template_ids: blocks.items.map((i) => i.template_id),
        category_id: Number(category.selectedOptions[0]?.dataset.id) || null });
      await onSaved(created);
      status.textContent = msg('set_saved', { name: created.name });
    } catch (err) {
      status.textContent = err.status === 403 ? msg('set_admin_only') : msg('set_failed', { error: err.message });
    }
  } } }, msg('set_save'));
  return h('details', { class: 'save-set' }, h('summary', {}, msg('set_save_summary')),
    field('set-name', msg('set_name'), name), save, status);
}
