// The reader's language: remembered in localStorage, taken from the browser on a first visit (paraglide strategy in
// project.inlang/paraglide.config.js); changing it re-renders the app in place (App.svelte keys on it), no reload.
import { getLocale, locales, setLocale, type Locale } from '../paraglide/runtime.js';
import { setFormatLocale } from '../core/format.ts';

export const LOCALE_NAMES: Record<Locale, string> = { en: 'English', 'zh-CN': '中文' };

class I18n {
  locale = $state<Locale>(getLocale());
  readonly locales = locales;

  constructor() {
    this.apply();
  }

  set(locale: Locale): void {
    if (locale === this.locale) return;
    void setLocale(locale, { reload: false });
    this.locale = locale;
    this.apply();
  }

  private apply(): void {
    setFormatLocale(this.locale);
    if (typeof document !== 'undefined') document.documentElement.lang = this.locale;
  }
}

export const i18n = new I18n();
