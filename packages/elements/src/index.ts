/** Types of every examroom element; the elements themselves come from `@examroom/elements/loader` or `/components/*`. */
export type * from './components';
/** The institution's own words, per language and key, for every examroom element on the page (for bundlers). */
export { setExamMessages } from './utils/i18n';
