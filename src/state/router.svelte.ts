// Hash router: the current page, kept in the URL so reload and back/forward work.
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

export const PAGE_LABELS: Record<Page, string> = {
  data: 'Data',
  segments: 'Segments',
  propensity: 'Propensity',
  clv: 'Lifetime value',
  recommendations: 'Recommendations',
  ads: 'Ads',
  history: 'History',
  settings: 'Settings',
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
