// Reordering the list: where an account lands (shared by Alt+↑/↓, the details
// sheet's buttons and dragging with the mouse), and the dragging itself.

type Placeable = { id: string; favourite: boolean };

/**
 * The list's order with account `id` moved to index `to`, or null when it
 * would not move. Favourites stay first: an account lands within its own group.
 */
export function placed(items: Placeable[], id: string, to: number): string[] | null {
  const from = items.findIndex((x) => x.id === id);
  if (from < 0) return null;
  const group = items.map((x, i) => (x.favourite === items[from].favourite ? i : -1)).filter((i) => i >= 0);
  const at = Math.min(Math.max(to, group[0]), group[group.length - 1]);
  if (at === from) return null;
  const order = items.map((x) => x.id);
  order.splice(from, 1);
  order.splice(at, 0, id);
  return order;
}

/**
 * The index a row dragged from `from` takes when let go at page height `y`,
 * given the middles of the rows (page heights, in list order) when the drag began.
 */
export function dropIndex(from: number, y: number, middles: number[]): number {
  let before = middles.findIndex((m) => y < m);
  if (before < 0) before = middles.length;
  return before > from ? before - 1 : before;
}

/** Pointer travel (px) before a press on a row becomes a drag rather than a click. */
const THRESHOLD = 6;
/** Within this distance (px) of the window's top or bottom, a drag scrolls the list. */
const EDGE = 40;

type Drag = {
  row: HTMLElement;
  pointer: number;
  from: number;
  to: number;
  startY: number;
  /** The rows' middles (page heights) when the drag began. */
  middles: number[];
  /** How far a row slides to make room: the dragged row's height and the list's gap. */
  step: number;
  moving: boolean;
  /** Esc was pressed: the rows are back, and letting go changes nothing (and copies nothing). */
  cancelled: boolean;
};

/**
 * An attachment for the list: press a row and drag it up or down to move it;
 * the other rows slide aside where it will land; Esc cancels. `ondrop` gets the account's id
 * and its new index. While `enabled()` is false (a search or tag filter shows
 * part of the list) rows do not drag.
 */
export function dragToReorder(opts: { enabled: () => boolean; ondrop: (id: string, to: number) => Promise<void> }) {
  return (list: HTMLElement) => {
    let drag: Drag | null = null;
    const rows = () => [...list.children].filter((c): c is HTMLElement => c instanceof HTMLElement && !!c.dataset.id);
    const pageY = (ev: PointerEvent) => ev.clientY + window.scrollY;

    /** Slides the rows between the dragged one's place and `to` aside, opening a gap where it will land. */
    function makeRoom(to: number) {
      if (!drag) return;
      const { from, step } = drag;
      rows().forEach((r, i) => {
        if (i === from) return;
        const shift = from < i && i <= to ? -step : to <= i && i < from ? step : 0;
        r.style.transform = shift ? `translateY(${shift}px)` : '';
      });
    }

    function end(commit: boolean) {
      if (!drag) return;
      const { row, from, to, moving, pointer } = drag;
      drag = null;
      if (!moving) return;
      if (list.hasPointerCapture(pointer)) list.releasePointerCapture(pointer);
      // The rows stay where the drag left them until the list shows its new order.
      const settle = () => {
        row.classList.remove('dragging');
        list.classList.remove('reordering');
        rows().forEach((r) => (r.style.transform = ''));
      };
      // The click that ends a drag (dispatched right after this pointerup) must not also copy the code.
      window.addEventListener('click', swallow, { capture: true, once: true });
      setTimeout(() => window.removeEventListener('click', swallow, { capture: true }), 0);
      if (commit && to !== from && row.dataset.id) opts.ondrop(row.dataset.id, to).finally(settle);
      else settle();
    }
    const swallow = (e: Event) => {
      e.stopPropagation();
      e.preventDefault();
    };

    function down(ev: PointerEvent) {
      if (ev.button !== 0 || !opts.enabled()) return;
      const target = ev.target as Element;
      const row = target.closest<HTMLElement>('[data-id]');
      // The row's own buttons (details, next code, backup codes) keep their click.
      if (!row || row.parentElement !== list || target.closest('button:not(.main)')) return;
      const all = rows();
      const middles = all.map((r) => {
        const b = r.getBoundingClientRect();
        return b.top + window.scrollY + b.height / 2;
      });
      const from = all.indexOf(row);
      const step = row.getBoundingClientRect().height + (parseFloat(getComputedStyle(list).rowGap) || 0);
      drag = { row, pointer: ev.pointerId, from, to: from, startY: pageY(ev), middles, step, moving: false, cancelled: false };
    }

    function move(ev: PointerEvent) {
      if (!drag || ev.pointerId !== drag.pointer || drag.cancelled) return;
      const dy = pageY(ev) - drag.startY;
      if (!drag.moving) {
        if (Math.abs(dy) < THRESHOLD) return;
        drag.moving = true;
        list.setPointerCapture(ev.pointerId);
        drag.row.classList.add('dragging');
        list.classList.add('reordering');
      }
      if (ev.clientY < EDGE) window.scrollBy(0, -12);
      else if (ev.clientY > window.innerHeight - EDGE) window.scrollBy(0, 12);
      drag.row.style.transform = `translateY(${pageY(ev) - drag.startY}px)`;
      drag.to = dropIndex(drag.from, pageY(ev), drag.middles);
      makeRoom(drag.to);
    }

    const up = (ev: PointerEvent) => drag && ev.pointerId === drag.pointer && end(true);
    const cancel = () => end(false);
    const key = (ev: KeyboardEvent) => {
      if (ev.key === 'Escape' && drag?.moving && !drag.cancelled) {
        ev.preventDefault();
        ev.stopPropagation();
        drag.cancelled = true;
        drag.to = drag.from;
        makeRoom(drag.from);
        drag.row.style.transform = '';
        drag.row.classList.remove('dragging');
        list.classList.remove('reordering');
      }
    };
    list.addEventListener('pointerdown', down);
    list.addEventListener('pointermove', move);
    list.addEventListener('pointerup', up);
    list.addEventListener('pointercancel', cancel);
    window.addEventListener('keydown', key, { capture: true });
    return () => {
      end(false);
      list.removeEventListener('pointerdown', down);
      list.removeEventListener('pointermove', move);
      list.removeEventListener('pointerup', up);
      list.removeEventListener('pointercancel', cancel);
      window.removeEventListener('keydown', key, { capture: true });
    };
  };
}
