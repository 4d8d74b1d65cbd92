// The one place the UI talks to the gateway. Every call sends X-User-Id (the real deployment
// sits behind an auth gateway that sets it; here it comes from the field in the header).
//
// PENDING lists the page-editing endpoints of the resources work (products/pages API) that this
// UI already has controls for. A control is shown only when its endpoint is in /openapi.json,
// so wiring one in after it lands means, at most, correcting its method/path here.

const USER_KEY = 'pdp.userId';
const GEN = '/api/generation';

export const PENDING = {
  regenerateBlock: ['post', `${GEN}/pages/{page_id}/blocks/{index}/regenerate`],
  deleteBlock: ['delete', `${GEN}/pages/{page_id}/blocks/{index}`],
  reorderBlocks: ['put', `${GEN}/pages/{page_id}/blocks/order`],
  pageVersions: ['get', `${GEN}/pages/{page_id}/versions`],
  revertPage: ['post', `${GEN}/pages/{page_id}/revert`],
  updatePage: ['put', `${GEN}/pages/{page_id}`],
  myPages: ['get', `${GEN}/pages`],
  exportZip: ['get', `${GEN}/pages/{page_id}/export/zip`],
  exportSlices: ['get', `${GEN}/pages/{page_id}/export/slices`],
  replaceImage: ['post', `${GEN}/pages/{page_id}/images/{index}`],
  uploadImage: ['post', `${GEN}/upload-image`],
};

export class ApiError extends Error {
  constructor(status, body) {
    const detail = body && body.detail;
    super(typeof detail === 'string' ? detail : (Array.isArray(detail)
      ? detail.map((d) => `${(d.loc || []).slice(1).join('.')}: ${d.msg}`).join('; ')
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
  return { 'X-User-Id': userId(), ...extra };
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
};

// --- the resources API (shown only when present in /openapi.json, see PENDING) ---
const call = (name, params, opts) => request(PENDING[name][0].toUpperCase(), fill(PENDING[name][1], params), opts);
export const pending = {
  regenerateBlock: (pageId, index, instruction) =>
    call('regenerateBlock', { page_id: pageId, index }, { body: instruction ? { instruction } : {} }),
  deleteBlock: (pageId, index) => call('deleteBlock', { page_id: pageId, index }),
  reorderBlocks: (pageId, order) => call('reorderBlocks', { page_id: pageId }, { body: { order } }),
  pageVersions: (pageId) => call('pageVersions', { page_id: pageId }),
  revertPage: (pageId, version) => call('revertPage', { page_id: pageId }, { body: { version } }),
  publishPage: (pageId) => call('updatePage', { page_id: pageId }, { body: { status: 'published' } }),
  myPages: ({ status, q } = {}) => request('GET', PENDING.myPages[1] + query({ status, q })),
  exportZip: (pageId) => call('exportZip', { page_id: pageId }, { as: 'blob' }),
  exportSlices: (pageId) => call('exportSlices', { page_id: pageId }, { as: 'blob' }),
  replaceImage: (pageId, index, prompt) => call('replaceImage', { page_id: pageId, index }, { body: { prompt } }),
  uploadImage: (file) => {
    const form = new FormData();
    form.append('file', file);
    return call('uploadImage', {}, { body: form });
  },
};

let featureCache = null;

// Which PENDING endpoints the running gateway serves: { regenerateBlock: true, ... }.
export function features() {
  if (!featureCache) {
    featureCache = fetch('/openapi.json').then((r) => (r.ok ? r.json() : { paths: {} }))
      .catch(() => ({ paths: {} }))
      .then((spec) => Object.fromEntries(Object.entries(PENDING).map(
        ([name, [method, path]]) => [name, Boolean(spec.paths?.[path]?.[method])])));
  }
  return featureCache;
}
