// Entry point: hash router, the user id field, feature-gated navigation.

import { features, pages, setUserId, userId } from './api.js';
import { adminEditView, adminListView } from './admin.js';
import { composeView } from './compose.js';
import { clear, h } from './dom.js';
import { PAGE_STATUSES, pageStatusLabel, statusLabel } from './labels.js';
import { recentTasks } from './recent.js';
import { taskView } from './task.js';

const app = document.getElementById('app');
let current = null; // AbortController of the view on screen (closes its SSE stream on leave)

// Each view renders into its own fresh container, so a slow view that finishes after the user
// moved on only fills a detached element.
const routes = [
  [/^#\/compose$/, (root) => composeView(root)],
  [/^#\/task\/([\w-]+)$/, (root, m, signal) => taskView(root, m[1], signal)],
  [/^#\/recent$/, (root) => recentView(root)],
  [/^#\/pages$/, (root) => myPagesView(root)],
  [/^#\/admin$/, (root) => adminListView(root)],
  [/^#\/admin\/(new|\d+)$/, (root, m) => adminEditView(root, m[1])],
];

async function route() {
  if (current && window.location.hash && !window.location.hash.startsWith('#/')) return; // the skip link
  current?.abort();
  current = new AbortController();
  const hash = window.location.hash || '#/compose';
  for (const link of document.querySelectorAll('.nav a')) {
    if (hash.startsWith(link.getAttribute('href'))) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
  const root = h('div', { class: 'view' }, h('p', {}, '불러오는 중…'));
  clear(app, root);
  if (!userId()) {
    clear(root, h('p', { class: 'errors', role: 'alert' }, '먼저 위에서 사용자 ID를 입력하고 저장하세요.'));
    document.getElementById('user-id').focus();
    return;
  }
  const match = routes.map(([re, view]) => [hash.match(re), view]).find(([m]) => m);
  try {
    if (match) await match[1](root, match[0], current.signal);
    else window.location.hash = '#/compose';
  } catch (err) {
    clear(root, h('p', { class: 'errors', role: 'alert' }, `화면을 불러오지 못했습니다: ${err.message}`));
  }
}

function recentView(root) {
  const tasks = recentTasks();
  clear(root, h('h2', { class: 'page-title' }, '최근 작업'),
    h('p', { class: 'hint' }, '이 브라우저에서 만든 페이지입니다.'),
    tasks.length ? h('ul', { class: 'admin-list' }, tasks.map((t) => h('li', {},
      h('a', { href: `#/task/${t.task_id}` }, t.title || t.task_id),
      h('span', { class: 'meta' }, ` ${t.status ? statusLabel(t.status) : ''} ${t.at ? new Date(t.at).toLocaleString('ko-KR') : ''}`))))
      : h('p', {}, '아직 만든 페이지가 없습니다.'));
}

async function myPagesView(root) {
  const status = h('select', { id: 'pages-status', 'aria-label': '상태' }, h('option', { value: '' }, '전체'),
    Object.entries(PAGE_STATUSES).map(([value, label]) => h('option', { value }, label)));
  const q = h('input', { type: 'search', id: 'pages-q', 'aria-label': '제목 검색', placeholder: '제목 검색' });
  const list = h('ul', { class: 'admin-list', id: 'my-pages' });
  const load = async () => {
    const items = await pages.mine({ status: status.value, q: q.value.trim() });
    clear(list, items.length ? items.map((p) => h('li', {}, h('a', { href: `#/task/${p.task_id}` }, p.title || `#${p.id}`),
      h('span', { class: 'meta' }, ` ${pageStatusLabel(p.status)} · 버전 ${p.version} · ${new Date(p.updated_at).toLocaleString('ko-KR')}`)))
      : h('li', {}, '조건에 맞는 페이지가 없습니다.'));
  };
  status.addEventListener('change', load);
  q.addEventListener('change', load);
  clear(root, h('h2', { class: 'page-title' }, '내 페이지'), h('div', { class: 'row' }, status, q), list);
  await load();
}

function setupUser() {
  const form = document.getElementById('user-form');
  const input = document.getElementById('user-id');
  input.value = userId();
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    if (!input.value.trim()) return;
    setUserId(input.value);
    route();
  });
}

features().then((f) => {
  for (const el of document.querySelectorAll('[data-feature]')) el.hidden = !f[el.dataset.feature];
});
setupUser();
window.addEventListener('hashchange', route);
route();
