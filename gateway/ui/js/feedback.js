// 👍 / 👎 with an optional reason, for the whole page or one block (POST …/feedback). Rating
// again replaces the seller's earlier rating of that page or block (the server keeps one).
// Classes rate-up / rate-down: a block row's 위로/아래로 buttons are already .up / .down.

import { api } from './api.js';
import { h } from './dom.js';
import { msg } from './labels.js';

export function feedbackControls(pageId, blockIndex, what, status) {
  const reason = h('input', { type: 'text', class: 'feedback-reason', maxLength: 300, placeholder: msg('feedback_reason'),
    'aria-label': msg('feedback_reason_label', { what }) });
  const send = (rating) => async (e) => {
    const button = e.currentTarget;
    try {
      await api.feedback(pageId(), { rating, block_index: blockIndex ?? undefined, reason: reason.value.trim() || undefined });
      for (const b of group.querySelectorAll('button')) b.setAttribute('aria-pressed', String(b === button));
      status.textContent = msg(rating === 'up' ? 'feedback_saved_up' : 'feedback_saved_down', { what });
    } catch (err) {
      status.textContent = msg('feedback_failed', { error: err.message });
    }
  };
  const thumb = (rating) => h('button', { type: 'button', class: `rate rate-${rating}`, 'aria-pressed': 'false',
    'aria-label': msg(`feedback_${rating}_label`, { what }), on: { click: send(rating) } }, msg(`feedback_${rating}`));
  const group = h('span', { class: 'feedback', role: 'group', 'aria-label': msg('feedback_reason_label', { what }) },
    thumb('up'), thumb('down'), reason);
  return group;
}
