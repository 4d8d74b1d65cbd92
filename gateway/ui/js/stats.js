// 템플릿 성과 (admins): usage, 👍/👎, edit signals and the score of every active template
// (GET /api/template-stats), best first within each block type.

import { api } from './api.js';
import { clear, h } from './dom.js';
import { blockLabel, msg } from './labels.js';
import { adminOnly } from './mining.js';

// The emoji is decoration (not every system has an emoji font): the word is the header.
const emojiHead = (emoji, label) => h('th', { scope: 'col' }, h('span', { 'aria-hidden': 'true' }, `${emoji} `), label);

export async function statsView(root) {
  if (!await adminOnly(root, msg('stats_title'))) return;
  const rows = await api.templateStats();
  const body = h('tbody', {}, rows.map((r) => h('tr', { dataset: { templateId: r.id, key: r.key || '' } },
    h('th', { scope: 'row', 'data-seller-text': '' }, r.name),
    h('td', {}, blockLabel(r.block_type)),
    h('td', { class: 'num' }, r.version),
    h('td', { class: 'num usage' }, r.usage_count),
    h('td', { class: 'num up' }, r.thumbs_up),
    h('td', { class: 'num down' }, r.thumbs_down),
    h('td', { class: 'edits' }, msg('stats_edits_line', { regenerated: r.edits.regenerated || 0, hand_edited: r.edits.hand_edited || 0, deleted: r.edits.deleted || 0 })),
    h('td', { class: 'num score' }, r.score.toFixed(2)))));
  clear(root, h('h2', { class: 'page-title' }, msg('stats_title')),
    h('p', { class: 'hint' }, msg('stats_hint')),
    rows.length ? h('div', { class: 'table-wrap panel' }, h('table', { class: 'stats', id: 'template-stats' },
      h('caption', { class: 'sr-only' }, msg('stats_caption')),
      h('thead', {}, h('tr', {},
        h('th', { scope: 'col' }, msg('stats_template')), h('th', { scope: 'col' }, msg('stats_block')),
        h('th', { scope: 'col' }, msg('stats_version')), h('th', { scope: 'col' }, msg('stats_usage')),
        emojiHead('👍', msg('stats_up_label')), emojiHead('👎', msg('stats_down_label')),
        h('th', { scope: 'col' }, msg('stats_edits')), h('th', { scope: 'col' }, msg('stats_score')))),
      body)) : h('p', {}, msg('stats_empty')));
}
