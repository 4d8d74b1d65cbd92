// Entry point: hash router, the user id field, feature-gated navigation.

import { api, features, pages, setUserId, userId, whoami } from './api.js';
import { adminEditView, adminListView } from './admin.js';
import { composeView } from './compose.js';
import { miningView } from './mining.js';
import { statsView } from './stats.js';
import { clear, h } from './dom.js';
import { LANG, PAGE_STATUSES, msg, pageStatusLabel, statusLabel } from './labels.js';
import { pageDocument, sandboxedFrame, show } from './preview.js';
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
  [/^#\/mining$/, (root, m, signal) => miningView(root, signal)],
  [/^#\/template-stats$/, (root) => statsView(root)],
];

// Admin-only menu items, shown when the gateway says this user is an admin (GET /api/me).
async function showAdminNav() {
  const me = await whoami();
  for (const el of document.querySelectorAll('[data-admin]')) el.hidden = !me.admin;
}

async function route() {
  if (current && window.location.hash && !window.location.hash.startsWith('#/')) return; // the skip link
  current?.abort();
  current = new AbortController();
  const hash = window.location.hash || '#/compose';
  for (const link of document.querySelectorAll('.nav a')) {
    if (hash.startsWith(link.getAttribute('href'))) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
  const root = h('div', { class: 'view' }, h('p', {}, msg('loading')));
  clear(app, root);
  if (!userId()) {
    clear(root, h('p', { class: 'errors', role: 'alert' }, msg('need_user')));
    document.getElementById('user-id').focus();
    return;
  }
  const match = routes.map(([re, view]) => [hash.match(re), view]).find(([m]) => m);
  try {
    if (match) await match[1](root, match[0], current.signal);
    else window.location.hash = '#/compose';
  } catch (err) {
    clear(root, h('p', { class: 'errors', role: 'alert' }, msg('view_failed', { error: err.message })));
  }
}

// The seller's recent work from the server (any browser); this browser's list only when the
// gateway is older than GET /api/generation/tasks.
async function recentView(root) {
  const tasks = await api.recentTasks().catch(() => recentTasks().map((t) => ({ ...t, created_at: t.at })));
  clear(root, h('h2', { class: 'page-title' }, msg('recent_title')),
    h('p', { class: 'hint' }, msg('recent_hint')),
    tasks.length ? h('ul', { class: 'admin-list', id: 'recent-tasks' }, tasks.map((t) => h('li', {},
      h('a', { href: `#/task/${t.task_id}`, 'data-seller-text': '' }, t.title || msg('recent_untitled')),
      h('span', { class: 'meta' }, ` ${t.status ? statusLabel(t.status) : ''} ${t.created_at ? new Date(t.created_at).toLocaleString('ko-KR') : ''}`))))
      : h('p', {}, msg('recent_empty')));
}

// A page's thumbnail: its own HTML in a sandboxed frame, scaled down (filled when visible).
function thumbnail(p) {
  const frame = sandboxedFrame(msg('thumb_title', { title: p.title || '' }), 'thumb');
  frame.tabIndex = -1;
  const wrap = h('div', { class: 'thumb-wrap page-thumb', 'aria-hidden': 'true' }, frame);
  const seen = new IntersectionObserver((entries) => {
    if (!entries.some((e) => e.isIntersecting)) return;
    seen.disconnect();
    pages.get(p.id).then((full) => show(frame, pageDocument(full))).catch(() => {});
  });
  seen.observe(wrap);
  return wrap;
}

async function myPagesView(root) {
  const status = h('select', { id: 'pages-status', 'aria-label': msg('pages_status') }, h('option', { value: '' }, msg('pages_all')),
    Object.entries(PAGE_STATUSES).map(([value, label]) => h('option', { value }, label)));
  const q = h('input', { type: 'search', id: 'pages-q', 'aria-label': msg('pages_search'), placeholder: msg('pages_search') });
  const list = h('ul', { class: 'gallery page-cards', id: 'my-pages' });
  const load = async () => {
    const items = await pages.mine({ status: status.value, q: q.value.trim() });
    clear(list, items.length ? items.map((p) => h('li', { class: 'card', dataset: { pageId: p.id } }, thumbnail(p),
      h('a', { href: `#/task/${p.task_id}`, 'data-seller-text': '' }, p.title || `#${p.id}`),
      p.variant_label ? h('p', { class: 'variant-label' }, p.variant_label) : [],
      h('p', { class: 'meta' }, msg('page_meta', { status: pageStatusLabel(p.status), version: p.version, at: new Date(p.updated_at).toLocaleString('ko-KR') }))))
      : h('li', {}, msg('pages_empty')));
  };
  status.addEventListener('change', load);
  q.addEventListener('change', load);
  clear(root, h('h2', { class: 'page-title' }, msg('pages_title')), h('div', { class: 'row' }, status, q), list);
  await load();
}

// The page header in the seller's language; 언어 switches it (kept in localStorage).
function setupLanguage() {
  document.documentElement.lang = LANG;
  for (const el of document.querySelectorAll('[data-msg]')) el.textContent = msg(el.dataset.msg);
  document.title = msg('app_title');
  const select = document.getElementById('ui-lang');
  select.value = LANG;
  select.addEventListener('change', () => {
    localStorage.setItem('pdp.lang', select.value);
    window.location.reload();
  });
}

function setupUser() {
  const form = document.getElementById('user-form');
  const input = document.getElementById('user-id');
  input.value = userId();
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    if (!input.value.trim()) return;
    setUserId(input.value);
    showAdminNav();
    route();
  });
}

features().then((f) => {
  for (const el of document.querySelectorAll('[data-feature]')) el.hidden = !f[el.dataset.feature];
});
setupLanguage();
setupUser();
showAdminNav();
window.addEventListener('hashchange', route);
route();
document.documentElement.dataset.ready = 'true'; // the header's handlers are in place
