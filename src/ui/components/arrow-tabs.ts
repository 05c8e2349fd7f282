// Svelte action for a role="tablist": arrow keys, Home and End move between its tabs (WAI-ARIA tabs pattern).

/** The tabs of a tablist, in document order, skipping disabled ones. */
function tabsOf(list: HTMLElement): HTMLElement[] {
  return [...list.querySelectorAll<HTMLElement>('[role="tab"]')].filter((t) => !t.hasAttribute('disabled'));
}

/**
 * Roving tabindex: only the selected tab is in the Tab order, so Tab leaves the tablist for its panel instead of
 * stepping through every tab; the arrows move within it.
 */
function syncTabIndex(list: HTMLElement): void {
  const tabs = tabsOf(list);
  const selected = tabs.find((t) => t.getAttribute('aria-selected') === 'true') ?? tabs[0];
  for (const t of tabs) t.tabIndex = t === selected ? 0 : -1;
}

/** The tab a key leads to from `current`, or null when the key is not one of the tabs pattern's. */
export function nextTab(tabs: readonly HTMLElement[], current: HTMLElement, key: string): HTMLElement | null {
  const i = tabs.indexOf(current);
  if (i < 0 || tabs.length === 0) return null;
  const n = tabs.length;
  if (key === 'ArrowRight' || key === 'ArrowDown') return tabs[(i + 1) % n] ?? null;
  if (key === 'ArrowLeft' || key === 'ArrowUp') return tabs[(i - 1 + n) % n] ?? null;
  if (key === 'Home') return tabs[0] ?? null;
  if (key === 'End') return tabs[n - 1] ?? null;
  return null;
}

/** `use:arrowTabs` on the tablist element: focus follows the arrows and the focused tab is activated (clicked). */
export function arrowTabs(list: HTMLElement): { destroy(): void } {
  const onKey = (e: KeyboardEvent): void => {
    const current = (e.target as HTMLElement | null)?.closest<HTMLElement>('[role="tab"]');
    if (!current || !list.contains(current)) return;
    const to = nextTab(tabsOf(list), current, e.key);
    if (!to || to === current) return;
    e.preventDefault();
    to.focus();
    to.click();
  };
  // aria-selected is set by the component's own state: follow it rather than guess when the click has rendered.
  const observer = new MutationObserver(() => syncTabIndex(list));
  observer.observe(list, { subtree: true, childList: true, attributes: true, attributeFilter: ['aria-selected'] });
  list.addEventListener('keydown', onKey);
  syncTabIndex(list);
  return {
    destroy() {
      observer.disconnect();
      list.removeEventListener('keydown', onKey);
    },
  };
}
