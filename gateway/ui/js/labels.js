// Seller-facing text. The tables come from the gateway (GET /api/messages, pagelogic/messages), so
// the UI, the API's errors and the workers' notes say the same thing in the same words. The
// UI's language is Korean unless the seller chose English (localStorage pdp.lang = 'en').

export const LANG = localStorage.getItem('pdp.lang') === 'en' ? 'en' : 'ko';

async function load() {
  try {
    const res = await fetch(`/api/messages?lang=${LANG}`);
    if (res.ok) return res.json();
  } catch { /* the gateway is down: the view shows its own error */ }
  return {};
}

const bundle = await load();
const table = (name) => bundle[name] || {};

export const BLOCK_TYPES = table('block_types');
export const TONES = table('tones');
export const PAGE_STATUSES = table('page_statuses');
export const PROBLEMS = table('problems');
const STAGES = table('stages');
const STATUSES = table('statuses');
const STYLES = table('styles');
const TEXT = table('text');
const UI = table('ui');

const fill = (text, fields) => text.replace(/\{(\w+)\}/g, (m, k) => (k in fields ? String(fields[k]) : m));

// One UI string by id, its {placeholders} filled.
export const msg = (id, fields = {}) => fill(UI[id] ?? TEXT[id] ?? id, fields);

export const blockLabel = (type) => BLOCK_TYPES[type] || type;
// A block as the seller sees it: "2번 블록 · 주요 특징" (never a template number).
export const blockPlaceLabel = (type, position) => fill(TEXT.block_label || '{position}. {type}', { position, type: blockLabel(type) });
export const styleLabel = (style) => STYLES[style || ''] || style || STYLES[''] || '';
export const stageLabel = (stage) => STAGES[stage] || stage;
export const statusLabel = (status) => STATUSES[status] || status;
export const pageStatusLabel = (status) => PAGE_STATUSES[status] || status;
