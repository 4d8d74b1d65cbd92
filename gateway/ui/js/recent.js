// Recent generations of this browser, per user id (#/pages lists every stored page from the
// server).

import { userId } from './api.js';

const key = () => `pdp.recent.${userId()}`;

export function recentTasks() {
  try { return JSON.parse(localStorage.getItem(key()) || '[]'); } catch { return []; }
}

export function remember(task) {
  const rest = recentTasks().filter((t) => t.task_id !== task.task_id);
  localStorage.setItem(key(), JSON.stringify([{ ...recentTasks().find((t) => t.task_id === task.task_id), ...task }, ...rest].slice(0, 30)));
}
