/** Types of every examroom element; the elements themselves come from `@examroom/elements/loader` or `/components/*`. */
export type * from './components';
