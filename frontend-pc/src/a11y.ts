/**
 * What the component library leaves out for keyboards and screen readers, mended once for every
 * screen (present, and rendered later) instead of in each form and table:
 *
 * - A table with a fixed height or a horizontal scroll scrolls inside a div that cannot take
 *   focus, so keyboard users cannot scroll it (WCAG 2.1.1; axe: scrollable-region-focusable): such
 *   bodies are made focusable, and arrow keys then scroll them.
 * - An antd Form.Item's <label for> names the id antd would give its input (`form_field`), but our
 *   inputs carry ids of their own (the browser tests, the section nav and the error jump use
 *   them), so the label named nothing (WCAG 1.3.1/4.1.2; axe: label): it is pointed at the one
 *   input inside its item.
 * - A select shown without a label (filters that say what they are by their placeholder) is named
 *   by that placeholder; the image viewer's full-size picture by its caption.
 */
export function mendAccessibility(root: HTMLElement = document.body): () => void {
  const mend = () => {
    // A body that can scroll (antd sets its overflow when the table has `scroll`), whether it
    // overflows now or only at a narrower window.
    for (const el of Array.from(root.querySelectorAll<HTMLElement>('.ant-table-body:not([tabindex]), .ant-table-content[style*="overflow"]:not([tabindex])'))) el.tabIndex = 0;
    // The hidden row antd measures column widths with repeats the header's sort buttons: hidden
    // from screen readers, it must not take focus either.
    for (const row of Array.from(root.querySelectorAll<HTMLElement>('.ant-table-measure-row:not([inert])'))) row.inert = true;
    for (const label of Array.from(root.querySelectorAll<HTMLLabelElement>('.ant-form-item-label > label'))) {
      const target = label.htmlFor;
      if (target && document.getElementById(target)) continue;
      const item = label.closest('.ant-form-item');
      const inputs = item ? Array.from(item.querySelectorAll<HTMLElement>('.ant-form-item-control input[id], .ant-form-item-control textarea[id]')) : [];
      if (inputs.length === 1) label.htmlFor = inputs[0].id;
    }
    for (const input of Array.from(root.querySelectorAll<HTMLInputElement>('.ant-select input[role="combobox"]:not([aria-label]):not([aria-labelledby])'))) {
      if (input.id && document.querySelector(`label[for="${CSS.escape(input.id)}"]`)) continue;
      const placeholder = input.closest('.ant-select')?.querySelector('.ant-select-placeholder')?.textContent?.trim();
      if (placeholder) input.setAttribute('aria-label', placeholder);
    }
    // The image viewer's full-size picture: named like its thumbnail (the viewer has no alt of its own).
    for (const img of Array.from(root.querySelectorAll<HTMLImageElement>('.ant-image-preview-img:not([alt])'))) {
      img.alt = document.querySelector('.cic-viewer-caption strong')?.textContent?.trim() || document.title;
    }
  };
  mend();
  // At most once a frame, however many mutations a render makes.
  let scheduled = false;
  const observer = new MutationObserver(() => {
    if (scheduled) return;
    scheduled = true;
    requestAnimationFrame(() => {
      scheduled = false;
      mend();
    });
  });
  observer.observe(root, { childList: true, subtree: true });
  return () => observer.disconnect();
}
