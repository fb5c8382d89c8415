/**
 * Every stage renders in the component named after it: `exam-` and the stage's name in kebab case (awaitingEntry →
 * <exam-awaiting-entry>), so the shell needs no table of tags.
 */
import type { ExamView } from '@examroom/core';

type Stage = ExamView['stage'];

/** `awaitingEntry` → `awaiting-entry`, in the type system. */
type KebabCase<S extends string> = S extends `${infer Head}${infer Tail}`
  ? `${Head extends Lowercase<Head> ? Head : `-${Lowercase<Head>}`}${KebabCase<Tail>}`
  : S;

/** The tag of a stage's component. */
export type StageTag<S extends Stage = Stage> = `exam-${KebabCase<S>}`;

/**
 * The tag that renders `stage`. The return type is the elements Stencil generates (components.d.ts), so a stage
 * without its component is a compile error here.
 */
export function stageTag(stage: Stage): StageTag & keyof HTMLElementTagNameMap {
  return `exam-${stage.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`)}` as StageTag;
}
