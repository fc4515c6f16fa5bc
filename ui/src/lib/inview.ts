// Which rows are on screen, so that only those redraw their countdown each
// second: with 100 accounts the window shows about ten, and the other ninety
// would otherwise be restyled and laid out (and announced to screen readers)
// every second for nobody. One observer serves every row.

type Watcher = (visible: boolean) => void;

const watchers = new Map<Element, Watcher>();
let observer: IntersectionObserver | null = null;

function shared(): IntersectionObserver | null {
  if (observer) return observer;
  // Test DOMs may lack it; then every row counts as visible.
  if (typeof IntersectionObserver === 'undefined') return null;
  // A margin of a few rows: a row scrolled into view already shows the right second.
  observer = new IntersectionObserver(
    (entries) => {
      for (const e of entries) watchers.get(e.target)?.(e.isIntersecting);
    },
    { rootMargin: '100px 0px' },
  );
  return observer;
}

/**
 * Tells `onchange` whether `node` is within (or near) the viewport, now and
 * whenever that changes, until the returned function is called.
 */
export function watchVisibility(node: Element, onchange: Watcher): () => void {
  const io = shared();
  if (!io) return () => {};
  watchers.set(node, onchange);
  io.observe(node);
  return () => {
    io.unobserve(node);
    watchers.delete(node);
  };
}
