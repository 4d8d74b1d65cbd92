// The questions of a page's 상품정보제공고시 (items the law requires that the product text and
// the seller's settings did not give) as a small form. Submitting answers re-renders only the
// notice block as a new version (POST /api/product-details/{id}/notice, an edit task).

import { pages } from './api.js';
import { clear, h } from './dom.js';

export function noticePanel(getPage, edit) {
  const list = h('ol', { class: 'notice-questions', id: 'notice-questions' });
  const note = h('p', { class: 'meta', id: 'notice-note' });
  const submit = h('button', { type: 'submit', class: 'edit primary', id: 'notice-submit' }, '답변 반영');
  const form = h('form', { id: 'notice-form', on: { submit: (e) => {
    e.preventDefault();
    const answers = {};
    for (const input of list.querySelectorAll('input')) if (input.value.trim()) answers[input.name] = input.value.trim();
    if (!Object.keys(answers).length) { note.textContent = '답할 항목을 하나 이상 입력하세요.'; return; }
    edit('상품정보제공고시 답변', () => pages.answerNotice(getPage().id, answers));
  } } }, list, submit);
  const el = h('section', { class: 'panel', 'aria-labelledby': 'notice-h' },
    h('h3', { id: 'notice-h' }, '상품정보제공고시: 알려 주실 정보'), note, form);

  async function reload() {
    let notice;
    try { notice = await pages.notice(getPage().id); } catch { el.hidden = true; return; }
    el.hidden = false;
    const questions = notice.questions || [];
    note.textContent = questions.length
      ? `${notice.group_title} 상품군에 필요한 정보입니다. 아는 항목만 답해도 됩니다.`
      : '필요한 정보가 모두 채워졌습니다.';
    form.hidden = !questions.length;
    clear(list, questions.map((q, i) => h('li', {},
      h('label', { for: `notice-q-${i}` }, q.question),
      h('input', { type: 'text', id: `notice-q-${i}`, name: q.key, maxLength: 1000 }))));
  }
  return { el, reload };
}
