// What the generator tells the seller about a finished page, next to its preview: warnings
// (thin input, language, blocks left out, placeholder images), questions naming what to add to the product text,
// and the measured quality (repeated text, facts used). All text arrives from the API in Korean.

import { h } from './dom.js';
import { blockLabel } from './labels.js';

function qualityLine(q) {
  if (!q) return null;
  const share = Math.round((q.repeated_share || 0) * 100);
  const facts = q.facts_given ? `입력한 사실 ${q.facts_given}개 중 ${q.facts_used}개 반영`
    : '상품명 말고는 입력된 사실이 없어요';
  return h('p', { class: 'meta', id: 'page-quality' }, `반복된 문장 ${share}% · ${facts}`);
}

export function advicePanel(result) {
  const warnings = result.warnings || [];
  const questions = result.questions || [];
  if (!warnings.length && !questions.length && !result.quality) return null;
  return h('section', { class: 'panel advice', id: 'page-advice', 'aria-labelledby': 'advice-h' },
    h('h3', { id: 'advice-h' }, '페이지 점검'),
    qualityLine(result.quality),
    warnings.length ? h('ul', { class: 'advice-warnings', id: 'advice-warnings' },
      warnings.map((w) => h('li', { dataset: { code: w.code } }, w.message))) : null,
    questions.length ? [
      h('h4', {}, '이 내용을 상품 정보에 더하면 페이지가 좋아져요'),
      h('ol', { class: 'advice-questions', id: 'advice-questions' },
        questions.map((q) => h('li', { dataset: { key: q.key } }, q.question,
          q.block_type ? h('span', { class: 'meta' }, ` — ${blockLabel(q.block_type)} 블록`) : null))),
    ] : null);
}
