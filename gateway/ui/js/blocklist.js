// An ordered list of page blocks, reorderable by drag and drop and by keyboard (Alt+↑/↓ on a
// focused item, or its 위로/아래로 buttons). Moves are announced to screen readers.

import { announce, h, clear } from './dom.js';
import { blockLabel, msg } from './labels.js';

export function blockList({ label, onChange = () => {} }) {
  let items = [];
  let dragFrom = null;
  const list = h('ol', { class: 'blocks', 'aria-label': label });

  function move(from, to, focusSelector) {
    if (to < 0 || to >= items.length || from === to) return;
    const [item] = items.splice(from, 1);
    items.splice(to, 0, item);
    render();
    const li = list.children[to];
    (focusSelector && li.querySelector(focusSelector)?.disabled === false
      ? li.querySelector(focusSelector) : li).focus();
    announce(msg('block_moved', { name: item.name, position: to + 1 }));
    onChange(items);
  }

  function remove(index) {
    const [item] = items.splice(index, 1);
    render();
    (list.children[Math.min(index, items.length - 1)] || list).focus?.();
    announce(msg('block_removed', { name: item.name }));
    onChange(items);
  }

  function row(item, index) {
    const name = `${blockLabel(item.block_type)} — ${item.name}`;
    return h('li', {
      class: 'block', draggable: true, tabIndex: 0, dataset: { templateId: item.template_id },
      'aria-label': `${index + 1}. ${name}`,
      on: {
        keydown: (e) => {
          if (e.target !== e.currentTarget || !e.altKey) return;
          if (e.key === 'ArrowUp') { e.preventDefault(); move(index, index - 1); }
          if (e.key === 'ArrowDown') { e.preventDefault(); move(index, index + 1); }
        },
        dragstart: (e) => { dragFrom = index; e.dataTransfer.effectAllowed = 'move'; e.dataTransfer.setData('text/plain', String(index)); },
        dragover: (e) => { e.preventDefault(); e.currentTarget.classList.add('drop'); },
        dragleave: (e) => e.currentTarget.classList.remove('drop'),
        drop: (e) => {
          e.preventDefault();
          const from = dragFrom ?? Number(e.dataTransfer.getData('text/plain'));
          dragFrom = null;
          move(from, index);
        },
      },
    },
    h('span', { class: 'handle', 'aria-hidden': 'true' }, '⠿'),
    h('span', { class: 'order' }, `${index + 1}.`),
    h('span', { class: 'name', 'data-seller-text': '' }, name),
    h('span', { class: 'actions' },
      h('button', { type: 'button', class: 'up', disabled: index === 0, 'aria-label': `${name} 위로`, on: { click: () => move(index, index - 1, '.up') } }, '위로'),
      h('button', { type: 'button', class: 'down', disabled: index === items.length - 1, 'aria-label': `${name} 아래로`, on: { click: () => move(index, index + 1, '.down') } }, '아래로'),
      h('button', { type: 'button', class: 'remove', 'aria-label': `${name} ${msg('remove')}`, on: { click: () => remove(index) } }, msg('remove'))));
  }

  function render() {
    clear(list, items.length ? items.map(row)
      : h('li', { class: 'empty' }, msg('blocks_empty')));
  }

  render();
  return {
    el: list,
    get items() { return items.slice(); },
    set(next) { items = next.slice(); render(); onChange(items); },
    add(item) { items.push(item); render(); announce(msg('block_added', { name: item.name })); onChange(items); },
  };
}
