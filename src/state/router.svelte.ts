// Hash router: the current page, kept in the URL so reload and back/forward work.
import { m } from '../paraglide/messages.js';
export const PAGES = [
  'data',
  'segments',
  'propensity',
  'clv',
  'recommendations',
  'ads',
  'history',
  'settings',
] as const;
export type Page = (typeof PAGES)[number];

export const PAGE_LABELS: Record<Page, () => string> = {
  data: m.nav_data,
  segments: m.nav_segments,
  propensity: m.nav_propensity,
  clv: m.nav_clv,
  recommendations: m.nav_recommendations,
  ads: m.nav_ads,
  history: m.nav_history,
  settings: m.nav_settings,
};

function fromHash(): Page {
  const h = location.hash.replace(/^#\/?/, '').split('/')[0] ?? '';
  return (PAGES as readonly string[]).includes(h) ? (h as Page) : 'data';
}

class Router {
  page = $state<Page>(fromHash());
  constructor() {
    window.addEventListener('hashchange', () => {
      this.page = fromHash();
    });
  }
  go(page: Page): void {
    location.hash = `#/${page}`;
    this.page = page;
  }
}

export const router = new Router();
