// 템플릿 관리 (admins): list, create and edit with a live preview. Each edit is validated and
// rendered by POST /api/templates/preview (nothing stored); problems are shown under the HTML.

import { api, ApiError } from './api.js';
import { clear, debounce, field, h } from './dom.js';
import { BLOCK_TYPES, PROBLEMS, blockLabel } from './labels.js';
import { sandboxedFrame, show } from './preview.js';

export async function adminListView(root) {
  const type = h('select', {}, h('option', { value: '' }, '모든 블록'),
    Object.entries(BLOCK_TYPES).map(([v, l]) => h('option', { value: v }, l)));
  const q = h('input', { type: 'search' });
  const list = h('ul', { class: 'admin-list', id: 'admin-templates' });
  const total = h('p', { class: 'hint', role: 'status' });
  async function load() {
    const page = await api.templates({ blockType: type.value, q: q.value.trim(), limit: 100 });
    total.textContent = `템플릿 ${page.total}개`;
    clear(list, page.items.map((t) => h('li', {},
      h('a', { href: `#/admin/${t.id}`, 'data-seller-text': '' }, t.name),
      h('span', { class: 'meta' }, ` ${blockLabel(t.block_type)} · 버전 ${t.version} · 사용 ${t.usage_count}회`))));
  }
  type.addEventListener('change', load);
  q.addEventListener('input', debounce(load, 300));
  clear(root, h('h2', { class: 'page-title' }, '템플릿 관리'),
    h('p', { class: 'hint' }, '조회는 누구나, 추가·수정은 관리자만 할 수 있습니다.'),
    h('p', {}, h('a', { href: '#/admin/new', class: 'button', id: 'new-template' }, '새 템플릿')),
    h('div', { class: 'row' }, field('admin-type', '블록 종류', type), field('admin-q', '검색', q)),
    total, list);
  await load();
}

const STARTER = `<section class="pdp-block pdp-faq">
  <h2>{{ s.heading }}</h2>
  {% for item in s.items %}<h3>{{ item.question }}</h3><p>{{ item.answer }}</p>{% endfor %}
</section>`;

let flash = ''; // shown once by the next editor view (after a create moves to #/admin/{id})

export async function adminEditView(root, id) {
  const existing = id === 'new' ? null : await api.template(id);
  const categories = await api.categories();
  const name = h('input', { type: 'text', required: true, maxLength: 200, value: existing?.name || '' });
  const key = h('input', { type: 'text', maxLength: 100, value: existing?.key || '', disabled: Boolean(existing), pattern: '[a-z0-9][a-z0-9_-]*' });
  const type = h('select', { disabled: Boolean(existing) },
    Object.entries(BLOCK_TYPES).map(([v, l]) => h('option', { value: v, selected: (existing?.block_type || 'FAQ') === v }, l)));
  const category = h('select', {}, h('option', { value: '' }, '모든 카테고리'),
    categories.map((c) => h('option', { value: c.id, selected: existing?.category_id === c.id }, c.name)));
  const style = h('input', { type: 'text', maxLength: 50, value: existing?.style || '' });
  const description = h('textarea', { rows: 2, maxLength: 1000, value: existing?.description || '' });
  const slots = h('input', { type: 'text', required: true, value: existing ? existing.slots.map((s) => s.name).join(', ') : 'heading, items' });
  const html = h('textarea', { rows: 14, class: 'code', spellcheck: false, value: existing?.template_html || STARTER });
  const note = h('input', { type: 'text', maxLength: 300 });
  const problem = h('div', { class: 'problem', id: 'template-problem', role: 'alert' });
  const saved = h('p', { id: 'template-saved', role: 'status' }, flash);
  flash = '';
  const frame = sandboxedFrame('템플릿 미리보기', 'thumb large');
  frame.id = 'template-preview';

  const slotList = () => {
    const names = slots.value.split(',').map((s) => s.trim()).filter(Boolean);
    return names.map((n) => existing?.slots.find((s) => s.name === n) ? { name: n, sample: existing.slots.find((s) => s.name === n).sample } : n);
  };
  // The problem in Korean; the validator's technical detail (English, with the exact place)
  // stays one click away.
  const showProblem = (err) => {
    const known = err.problem && PROBLEMS[err.problem];
    clear(problem, known ? h('p', {}, known) : h('p', {}, err.message),
      known ? h('details', {}, h('summary', {}, '자세한 내용'), h('code', {}, err.message)) : null);
    html.setAttribute('aria-invalid', 'true');
  };
  let inflight = null;
  let retry = null;
  // A busy gateway (429/503: all preview slots in use) or a dropped connection is not the
  // template's fault: the preview tries again by itself a few times instead of going blank.
  const transient = (err) => [429, 502, 503, 504].includes(err.status) || err instanceof TypeError;
  const render = async (attempt = 0) => {
    inflight?.abort();
    clearTimeout(retry);
    inflight = new AbortController();
    try {
      const doc = await api.previewDraft({ block_type: type.value, template_html: html.value, slots: slotList() }, inflight.signal);
      problem.textContent = '';
      html.removeAttribute('aria-invalid');
      show(frame, doc);
    } catch (err) {
      if (err.name === 'AbortError') return;
      if (transient(err) && attempt < 5) {
        problem.textContent = '미리보기가 잠시 바빠 곧 다시 그립니다.';
        retry = setTimeout(() => render(attempt + 1), 1000 * (attempt + 1));
      } else if (err.status === 403) problem.textContent = '관리자만 미리보기와 저장을 할 수 있습니다.';
      else showProblem(err);
    }
  };
  const refresh = debounce(() => render(), 400);
  for (const el of [html, slots, type]) el.addEventListener('input', refresh);

  async function onSubmit(e) {
    e.preventDefault();
    saved.textContent = '';
    const body = { name: name.value, template_html: html.value, slots: slotList(),
      category_id: category.value ? Number(category.value) : null, style: style.value, description: description.value };
    try {
      const t = existing ? await api.updateTemplate(existing.id, { ...body, note: note.value || null })
        : await api.createTemplate({ ...body, block_type: type.value, key: key.value || null });
      saved.textContent = `저장했습니다 (버전 ${t.version}).`;
      problem.textContent = '';
      flash = saved.textContent;
      if (!existing) window.location.hash = `#/admin/${t.id}`;
      else await adminEditView(root, t.id); // fresh form and version history
    } catch (err) {
      if (err.status === 403) problem.textContent = '관리자만 템플릿을 저장할 수 있습니다.';
      else if (err instanceof ApiError) showProblem(err);
      else problem.textContent = err.message;
    }
  }

  clear(root, h('h2', { class: 'page-title' }, existing ? ['템플릿 편집: ', h('span', { 'data-seller-text': '' }, existing.name)] : '새 템플릿'),
    h('p', {}, h('a', { href: '#/admin' }, '← 목록')),
    h('form', { class: 'editor', id: 'template-form', novalidate: true, on: { submit: onSubmit } },
      h('div', { class: 'panel' },
        field('tpl-name', '이름', name),
        h('div', { class: 'row' }, field('tpl-type', '블록 종류', type), field('tpl-category', '카테고리', category)),
        field('tpl-key', '키 (영문 소문자, 선택)', key),
        field('tpl-slots', '슬롯 (쉼표로 구분)', slots),
        field('tpl-html', 'HTML (Jinja2)', html, 's.슬롯이름으로 값을 씁니다. script, style 속성, on… 속성, 외부 주소는 쓸 수 없습니다.'),
        problem,
        field('tpl-style', '스타일', style),
        field('tpl-description', '설명', description),
        existing ? field('tpl-note', '변경 메모', note) : null,
        h('button', { type: 'submit', class: 'primary', id: 'save-template' }, '저장'), saved),
      h('div', { class: 'panel' }, h('h3', {}, '미리보기'), frame,
        existing ? versionsPanel(existing, () => adminEditView(root, existing.id)) : null)));
  frame.loading = 'eager';
  render();
}

// Version history of a template; 되돌리기 makes an earlier version current (admin).
function versionsPanel(template, reload) {
  const list = h('ol', { class: 'versions', id: 'template-versions' });
  const status = h('p', { role: 'status' });
  api.templateVersions(template.id).then((versions) => clear(list, versions.map((v) => h('li', {},
    `버전 ${v.version} · `, h('span', { 'data-seller-text': '' }, `${v.name} · ${v.created_by || ''}`),
    ` · ${new Date(v.created_at).toLocaleString('ko-KR')}`,
    v.note ? [' · ', h('span', { 'data-seller-text': '' }, v.note)] : '', v.current ? ' (현재)' : ' ',
    v.current ? null : h('button', { type: 'button', 'aria-label': `버전 ${v.version} 내용으로 되돌리기`, on: { click: async () => {
      try { await api.rollbackTemplate(template.id, v.version); await reload(); } catch (err) {
        status.textContent = err.status === 403 ? '관리자만 되돌릴 수 있습니다.' : `되돌리기 실패: ${err.message}`;
      }
    } } }, '되돌리기')))));
  return h('section', { 'aria-labelledby': 'versions-h' }, h('h3', { id: 'versions-h' }, '버전'), list, status);
}
