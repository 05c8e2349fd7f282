// Paraglide compiler options shared by the CLI (`npm run i18n`) and the Vite plugin: the locale is the one the person
// chose (localStorage), else the browser's preferred language, else English. Output is generated, never committed.
export default {
  outdir: './src/paraglide',
  strategy: ['localStorage', 'preferredLanguage', 'baseLocale'],
  emitTsDeclarations: true,
  emitReadme: false,
};
