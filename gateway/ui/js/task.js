// #/task/{id}: live progress from the SSE stream, then the review screen (result.js).
// 중단 closes the stream: the gateway has no cancel endpoint, so the page keeps being generated
// on the server and 다시 보기 picks the progress up again.

import { api, userId } from './api.js';
import { announce, clear, h } from './dom.js';
import { msg, stageLabel, statusLabel } from './labels.js';
import { remember } from './recent.js';
import { resultView } from './result.js';
import { followEvents } from './sse.js';

export async function taskView(root, taskId, signal) {
  const bar = h('progress', { id: 'progress-bar', max: 100, value: 0 });
  const text = h('p', { id: 'progress-text', role: 'status', 'aria-live': 'polite' }, msg('connecting'));
  const log = h('ol', { id: 'progress-log', class: 'log', 'aria-label': msg('progress_log'), tabIndex: 0 }); // scrollable: reachable by keyboard
  const cancel = h('button', { type: 'button', id: 'cancel' }, msg('stop'));
  const resume = h('button', { type: 'button', id: 'resume', hidden: true }, msg('resume'));
  const review = h('div', { id: 'review' });
  clear(root, h('h2', { class: 'page-title' }, msg('progress_title')),
    h('section', { class: 'panel progress', 'aria-labelledby': 'progress-h' },
      h('h3', { id: 'progress-h' }, msg('progress_heading')), bar, text, h('div', { class: 'row' }, cancel, resume), log),
    review);

  let last = null;
  let lastId = null; // resume after the last event shown, so nothing is listed twice
  let stream = null;

  function update(ev) {
    last = ev;
    bar.value = ev.progress;
    const parts = [`${ev.progress}%`, msg('stage', { stage: stageLabel(ev.stage) })];
    if (ev.blocks_total) parts.push(msg('blocks_done', { done: ev.blocks_done, total: ev.blocks_total }));
    if (ev.images_total) parts.push(msg('images_done', { done: ev.images_done, total: ev.images_total }));
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
      text.textContent = err.status === 404 ? msg('task_missing')
        : msg('progress_failed', { error: err.message });
      return;
    }
    if (stream.signal.aborted) return;
    cancel.hidden = true;
    if (last?.status === 'completed') {
      announce(msg('generation_done'));
      const result = await api.result(taskId);
      remember({ task_id: taskId, title: result.result?.title, status: 'completed' });
      await resultView(review, taskId, result.result);
    } else if (last?.status === 'failed') {
      remember({ task_id: taskId, status: 'failed' });
      review.append(h('p', { class: 'errors', role: 'alert' }, msg('generation_failed', { error: last.error || msg('unknown_error') })));
    }
  }

  cancel.addEventListener('click', () => {
    stream.abort();
    cancel.hidden = true;
    resume.hidden = false;
    text.textContent = msg('progress_stopped', { status: text.textContent });
    resume.focus();
  });
  resume.addEventListener('click', () => { follow(); cancel.focus(); });
  await follow();
}
