// #/task/{id}: live progress from the SSE stream, then the review screen (result.js).
// 중단 closes the stream: the gateway has no cancel endpoint, so the page keeps being generated
// on the server and 다시 보기 picks the progress up again.

import { api, userId } from './api.js';
import { announce, clear, h } from './dom.js';
import { stageLabel, statusLabel } from './labels.js';
import { remember } from './recent.js';
import { resultView } from './result.js';
import { followEvents } from './sse.js';

export async function taskView(root, taskId, signal) {
  const bar = h('progress', { id: 'progress-bar', max: 100, value: 0 });
  const text = h('p', { id: 'progress-text', role: 'status', 'aria-live': 'polite' }, '연결 중…');
  const log = h('ol', { id: 'progress-log', class: 'log', 'aria-label': '진행 기록', tabIndex: 0 }); // scrollable: reachable by keyboard
  const cancel = h('button', { type: 'button', id: 'cancel' }, '중단');
  const resume = h('button', { type: 'button', id: 'resume', hidden: true }, '다시 보기');
  const review = h('div', { id: 'review' });
  clear(root, h('h2', { class: 'page-title' }, '생성 진행'),
    h('section', { class: 'panel progress', 'aria-labelledby': 'progress-h' },
      h('h3', { id: 'progress-h' }, '진행 상황'), bar, text, h('div', { class: 'row' }, cancel, resume), log),
    review);

  let last = null;
  let lastId = null; // resume after the last event shown, so nothing is listed twice
  let stream = null;

  function update(ev) {
    last = ev;
    bar.value = ev.progress;
    const parts = [`${ev.progress}%`, `단계: ${stageLabel(ev.stage)}`];
    if (ev.blocks_total) parts.push(`블록 ${ev.blocks_done}/${ev.blocks_total}`);
    if (ev.images_total) parts.push(`이미지 ${ev.images_done}/${ev.images_total}`);
    text.textContent = `${statusLabel(ev.status)} · ${parts.join(' · ')}${ev.error ? ` · ${ev.error}` : ''}`;
    log.append(h('li', { dataset: { progress: ev.progress, stage: ev.stage, eventId: ev.event_id } }, parts.join(' · ')));
  }

  const done = () => last && (last.status === 'completed' || last.status === 'failed');

  async function follow() {
    stream = new AbortController();
    signal.addEventListener('abort', () => stream.abort());
    cancel.hidden = false;
    resume.hidden = true;
    try {
      await followEvents(api.eventsUrl(taskId), { 'X-User-Id': userId() }, {
        signal: stream.signal, isDone: done, lastEventId: lastId,
        onEvent: (e) => {
          if (e.event !== 'status') return;
          lastId = e.id;
          update(JSON.parse(e.data));
        },
      });
    } catch (err) {
      text.textContent = err.status === 404 ? '작업을 찾을 수 없습니다 (다른 사용자 ID로 만든 작업일 수 있습니다).'
        : `진행 상황을 받지 못했습니다: ${err.message}`;
      return;
    }
    if (stream.signal.aborted) return;
    cancel.hidden = true;
    if (last?.status === 'completed') {
      announce('생성이 끝났습니다');
      const result = await api.result(taskId);
      remember({ task_id: taskId, title: result.result?.title, status: 'completed' });
      await resultView(review, taskId, result.result);
    } else if (last?.status === 'failed') {
      remember({ task_id: taskId, status: 'failed' });
      review.append(h('p', { class: 'errors', role: 'alert' }, `생성 실패: ${last.error || '알 수 없는 오류'}`));
    }
  }

  cancel.addEventListener('click', () => {
    stream.abort();
    cancel.hidden = true;
    resume.hidden = false;
    text.textContent = `${text.textContent} — 진행 표시를 멈췄습니다. 서버의 생성은 계속됩니다 (취소 API 없음).`;
    resume.focus();
  });
  resume.addEventListener('click', () => { follow(); cancel.focus(); });
  await follow();
}
