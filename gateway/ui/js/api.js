// The one place the UI talks to the gateway. Every call sends X-User-Id (the real deployment
// sits behind an auth gateway that sets it; here it comes from the field in the header).
//
// PAGE_API lists the endpoints of the resources API (docs/resources.md) behind the page-editing
// controls. A control is shown only when its path is in /openapi.json, so a gateway without that
// API (or an older one) simply shows fewer controls.

const USER_KEY = 'pdp.userId';
const GEN = '/api/generation';
const PD = '/api/product-details';

export const PAGE_API = {
  myPages: ['get', PD],
  getPage: ['get', `${PD}/{page_id}`],
  updatePage: ['put', `${PD}/{page_id}`],
  pageVersions: ['get', `${PD}/{page_id}/versions`],
  revertPage: ['post', `${PD}/{page_id}/versions/{version}/revert`],
  regenerateBlock: ['post', `${PD}/{page_id}/blocks/{index}/regenerate`],
  deleteBlock: ['delete', `${PD}/{page_id}/blocks/{index}`],
  reorderBlocks: ['put', `${PD}/{page_id}/blocks/order`],
  replaceImage: ['post', `${PD}/{page_id}/images/{index}/replace`],
  exportPage: ['get', `${PD}/{page_id}/export`], // ?format=html|zip|slices|marketplace
  uploadImage: ['post', `${GEN}/upload-image/file`],
  getNotice: ['get', `${PD}/{page_id}/notice`],
  answerNotice: ['post', `${PD}/{page_id}/notice`],
  feedback: ['post', `${PD}/{page_id}/feedback`],
};

export class ApiError extends Error {
  constructor(status, body) {
    const detail = body && body.detail;
    super(typeof detail === 'string' ? detail : (Array.isArray(detail)
      ? detail.map((d) => d.msg).join(' ') // the gateway's msg already names the field
      : `HTTP ${status}`));
    this.status = status;
    this.body = body || {};
  }

  get problem() { return this.body.problem || null; }
  get fieldErrors() { return Array.isArray(this.body.detail) ? this.body.detail : []; }
}

export function userId() { return localStorage.getItem(USER_KEY) || ''; }
export function setUserId(value) { localStorage.setItem(USER_KEY, value.trim()); }

function headers(extra = {}) {
  // Errors come back in the UI's language (pagelogic/messages).
  return { 'X-User-Id': userId(), 'Accept-Language': localStorage.getItem('pdp.lang') === 'en' ? 'en' : 'ko', ...extra };
}

export async function request(method, path, { body, as = 'json', signal, extraHeaders } = {}) {
  const init = { method, signal, headers: headers(extraHeaders) };
  if (body !== undefined && !(body instanceof FormData)) {
    init.body = JSON.stringify(body);
    init.headers['Content-Type'] = 'application/json';
  } else if (body) init.body = body;
  const res = await fetch(path, init);
  if (!res.ok) {
    let parsed = null;
    try { parsed = await res.json(); } catch { /* not JSON */ }
    throw new ApiError(res.status, parsed);
  }
  if (as === 'response') return res;
  if (res.status === 204) return null;
  return as === 'text' ? res.text() : (as === 'blob' ? res.blob() : res.json());
}

const query = (params) => {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') q.set(k, v);
  const s = q.toString();
  return s ? `?${s}` : '';
};

const fill = (path, params) => path.replace(/\{(\w+)\}/g, (_, k) => encodeURIComponent(params[k]));

// --- what the gateway serves today ---
export const api = {
  info: () => request('GET', `${GEN}/`), // { provider: 'offline' | 'openai' | … }
  recentTasks: (limit = 30) => request('GET', `${GEN}/tasks${query({ limit })}`),
  generate: (body) => request('POST', `${GEN}/display-list`, { body }),
  status: (taskId) => request('GET', `${GEN}/generation/status/${encodeURIComponent(taskId)}`),
  result: (taskId) => request('GET', `${GEN}/generation/result/${encodeURIComponent(taskId)}`),
  eventsUrl: (taskId) => `${GEN}/generation/events/${encodeURIComponent(taskId)}`,
  categories: () => request('GET', '/api/categories'),
  templateSets: (categoryId) => request('GET', `/api/template-sets${query({ category_id: categoryId })}`),
  templates: ({ blockType, q, categoryId, limit = 12, offset = 0 } = {}) => request('GET',
    `/api/templates${query({ block_type: blockType, q, category_id: categoryId, limit, offset })}`),
  template: (id) => request('GET', `/api/templates/${id}`),
  // With a product (text cut to keep the URL short), the preview shows that product's content.
  templatePreview: (id, product = {}) => request('GET', `/api/templates/${id}/preview${query({
    product_data: (product.product_data || '').slice(0, 1000), category: product.category, tone: product.tone })}`, { as: 'text' }),
  templateVersions: (id) => request('GET', `/api/templates/${id}/versions`),
  rollbackTemplate: (id, version) => request('POST', `/api/templates/${id}/rollback`, { body: { version } }),
  createTemplate: (body) => request('POST', '/api/templates', { body }),
  createTemplateSet: (body) => request('POST', '/api/template-sets', { body }),
  updateTemplate: (id, body) => request('PUT', `/api/templates/${id}`, { body }),
  previewDraft: (body, signal) => request('POST', '/api/templates/preview', { body, as: 'text', signal }),
  // Who the gateway takes this user for: admin screens follow its answer (the same rule as
  // every admin route), never a guess of the UI's.
  me: () => request('GET', '/api/me'),
  // #19: mined drafts, mining jobs, template stats, seller feedback
  minedDrafts: () => request('GET', '/api/template-drafts'),
  minedDraftPreview: (id) => request('GET', `/api/template-drafts/${id}/preview`, { as: 'text' }),
  decideDraft: (id, decision, reason) => request('POST', `/api/template-drafts/${id}/${decision}`,
    { body: reason ? { reason } : {} }),
  startMining: (files, clusters) => {
    const form = new FormData();
    for (const file of files) form.append('files', file);
    if (clusters) form.append('clusters', clusters);
    return request('POST', '/api/mining-jobs', { body: form });
  },
  miningJob: (taskId) => request('GET', `/api/mining-jobs/${encodeURIComponent(taskId)}`),
  templateStats: () => request('GET', '/api/template-stats'),
  feedback: (pageId, body) => request('POST', `${PD}/${pageId}/feedback`, { body }),
};

let meCache = null;
// { user_id, admin } for the current user id (asked again after the id changes).
export function whoami() {
  const id = userId();
  if (!meCache || meCache.id !== id) {
    meCache = { id, answer: id ? api.me().catch(() => ({ user_id: id, admin: false })) : Promise.resolve({ admin: false }) };
  }
  return meCache.answer;
}

// --- the resources API (shown only when present in /openapi.json, see PAGE_API) ---
// Block and image edits answer 202 EditAccepted {task_id, page_id, status_url}: the edit runs
// through the pipeline and lands as the page's next version (follow it with edit.js).
const call = (name, params, opts) => request(PAGE_API[name][0].toUpperCase(), fill(PAGE_API[name][1], params), opts);
export const pages = {
  get: (pageId) => call('getPage', { page_id: pageId }),
  regenerateBlock: (pageId, index, instruction) =>
    call('regenerateBlock', { page_id: pageId, index }, { body: instruction ? { instruction } : {} }),
  deleteBlock: (pageId, index) => call('deleteBlock', { page_id: pageId, index }),
  reorderBlocks: (pageId, order) => call('reorderBlocks', { page_id: pageId }, { body: { order } }),
  versions: (pageId) => call('pageVersions', { page_id: pageId }),
  revert: (pageId, version) => call('revertPage', { page_id: pageId, version }),
  // Hand-edited text: the whole html_list (same block count); the server sanitizes it.
  saveHtml: (pageId, htmlList) => call('updatePage', { page_id: pageId }, { body: { html_list: htmlList } }),
  version: (pageId, version) => request('GET', `${fill(PAGE_API.getPage[1], { page_id: pageId })}/versions/${version}`),
  publish: (pageId) => call('updatePage', { page_id: pageId }, { body: { status: 'published' } }),
  // The list has no text search: q filters the titles of the (first 100) pages here.
  mine: async ({ status, q } = {}) => {
    const page = await request('GET', PD + query({ status, size: 100 }));
    const needle = (q || '').toLowerCase();
    return needle ? page.items.filter((p) => p.title.toLowerCase().includes(needle)) : page.items;
  },
  exportFile: (pageId, format) => request('GET', fill(PAGE_API.exportPage[1], { page_id: pageId }) + query({ format }), { as: 'blob' }),
  notice: (pageId) => call('getNotice', { page_id: pageId }),
  answerNotice: (pageId, answers) => call('answerNotice', { page_id: pageId }, { body: { answers } }),
  replaceImage: (pageId, index, prompt) => call('replaceImage', { page_id: pageId, index }, { body: { prompt } }),
  uploadImage: (file) => {
    const form = new FormData();
    form.append('file', file);
    return call('uploadImage', {}, { body: form });
  },
};

let featureCache = null;

// Which PAGE_API endpoints the running gateway serves: { regenerateBlock: true, ... }.
export function features() {
  if (!featureCache) {
    featureCache = fetch('/openapi.json').then((r) => (r.ok ? r.json() : { paths: {} }))
      .catch(() => ({ paths: {} }))
      .then((spec) => Object.fromEntries(Object.entries(PAGE_API).map(
        ([name, [method, path]]) => [name, Boolean(spec.paths?.[path]?.[method])])));
  }
  return featureCache;
}
