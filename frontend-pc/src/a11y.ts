/**
 * Keyboard access the component library leaves out. A table with a fixed height (Table
 * `scroll.y`) scrolls inside a div that cannot take focus, so keyboard users cannot scroll it
 * (WCAG 2.1.1; axe: scrollable-region-focusable). Every such body, present or rendered later, is
 * made focusable: arrow keys and Page Up/Down then scroll it.
 */
export function focusableScrollRegions(root: HTMLElement = document.body): () => void {
  const mark = () => {
    for (const el of Array.from(root.querySelectorAll<HTMLElement>('.ant-table-body:not([tabindex])'))) el.tabIndex = 0;
  };
  mark();
  const observer = new MutationObserver(mark);
  observer.observe(root, { childList: true, subtree: true });
  return () => observer.disconnect();
}
