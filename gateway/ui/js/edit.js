// Page edits that go through the pipeline (regenerate / delete / move a block, replace an image)
// answer 202 with a task. followEdit follows that task's events until it completes or fails,
// reporting each step; the caller then reloads the page, which now has a new version.

import { api, userId } from './api.js';
import { msg } from './labels.js';
import { followEvents } from './sse.js';

export async function followEdit(accepted, onProgress, signal = new AbortController().signal) {
  let last = null;
  await followEvents(api.eventsUrl(accepted.task_id), { 'X-User-Id': userId() }, {
    signal,
    isDone: () => last?.status === 'completed' || last?.status === 'failed',
    onEvent: (e) => {
      if (e.event !== 'status') return;
      last = JSON.parse(e.data);
      onProgress(last);
    },
  });
  if (last?.status !== 'completed') throw new Error(last?.error || msg('edit_unfinished'));
}
