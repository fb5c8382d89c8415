/**
 * Storybook controls per field of a stage's view, instead of one JSON `view` control: a designer flips `online`,
 * picks `recording_phase` from the values the fixtures use, or types another `timeZone`, and the story redraws.
 *
 * - `viewControls(fixtures)` (in a story file's meta) makes one arg type per primitive field of the fixtures' views,
 *   at the top level and one level down (`questions.phase` is the arg `view_questions_phase`): strings that look
 *   like names (phases, error codes) → a select of the values the fixtures use, other strings → text, numbers →
 *   number, booleans → boolean. The `view` arg itself is hidden from the controls.
 * - `viewFieldArgs` (an args enhancer, registered in storybook/preview.ts) gives each story those args from its own
 *   fixture view, so that the controls show the view on show.
 * - `viewFromArgs(args)` (in `render`) rebuilds the view from `args.view` and the field args, so that a story
 *   renders exactly its fixture until a control changes.
 * Arg names join the path with `_` (field names are camelCase): a dot would nest the arg in Storybook's URL.
 */
import type { ArgTypes, Args } from '@storybook/web-components-vite';

/** The args of every `view_*` control; `view` is the fixture view they start from. */
export const VIEW_ARG_PREFIX = 'view_';
/** The controls table's group for them. */
const CATEGORY = 'view';
/** The select's stand-in for null (a select's options are strings). */
const NULL_OPTION = '(null)';
/** A string that names one of a few things (a phase, a code) rather than words. */
const NAME_LIKE = /^[A-Za-z][\w-]*$/;

type Primitive = string | number | boolean | null;
type Path = readonly [string] | readonly [string, string];

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const isPrimitive = (value: unknown): value is Primitive => value === null || ['string', 'number', 'boolean'].includes(typeof value);

/** Every primitive field of a view, at the top level and one level down, with its path. */
function primitiveFields(view: unknown): Array<[Path, Primitive]> {
  if (!isRecord(view)) return [];
  const fields: Array<[Path, Primitive]> = [];
  for (const [key, value] of Object.entries(view)) {
    if (key.includes('_')) continue;
    if (isPrimitive(value)) fields.push([[key], value]);
    else if (isRecord(value)) {
      for (const [inner, innerValue] of Object.entries(value)) if (!inner.includes('_') && isPrimitive(innerValue)) fields.push([[key, inner], innerValue]);
    }
  }
  return fields;
}

const argName = (path: Path) => VIEW_ARG_PREFIX + path.join('_');

/** One control per primitive field of the fixtures' views (see above), and `view` hidden. */
export function viewControls(fixtures: Readonly<Record<string, unknown>>): ArgTypes {
  const valuesByArg = new Map<string, { path: Path; values: Primitive[] }>();
  for (const view of Object.values(fixtures)) {
    for (const [path, value] of primitiveFields(view)) {
      const name = argName(path);
      const entry = valuesByArg.get(name) ?? { path, values: [] };
      entry.values.push(value);
      valuesByArg.set(name, entry);
    }
  }
  const argTypes: ArgTypes = { view: { table: { disable: true } } };
  for (const [name, { path, values }] of valuesByArg) {
    const present = values.filter((value) => value !== null);
    const distinct = [...new Set(present)];
    const kinds = new Set(present.map((value) => typeof value));
    if (kinds.size !== 1) continue; // only null, or mixed kinds: no single control fits
    const kind = [...kinds][0];
    const common = { name, description: `view.${path.join('.')}`, table: { category: CATEGORY } };
    if (kind === 'boolean') argTypes[name] = { ...common, control: 'boolean' };
    else if (kind === 'number') argTypes[name] = { ...common, control: 'number' };
    else if (distinct.length > 1 && distinct.every((value) => NAME_LIKE.test(String(value)))) {
      const options = values.includes(null) ? [...distinct.map(String), NULL_OPTION] : distinct.map(String);
      argTypes[name] = { ...common, options, mapping: values.includes(null) ? { [NULL_OPTION]: null } : undefined, control: 'select' };
    } else argTypes[name] = { ...common, control: 'text' };
  }
  return argTypes;
}

/**
 * Args enhancer: the `view_*` args of a story whose meta has `viewControls`, from its own `view` (an arg the story
 * already sets wins).
 */
export function viewFieldArgs({ initialArgs, argTypes }: { initialArgs: Args; argTypes: ArgTypes }): Args {
  const args: Args = {};
  for (const [path, value] of primitiveFields(initialArgs['view'])) {
    const name = argName(path);
    // A null shows as the select's (null) option, which the arg type's mapping turns back into null for render.
    if (argTypes[name] && !(name in initialArgs)) args[name] = value === null && argTypes[name].mapping ? NULL_OPTION : value;
  }
  return args;
}

/** The story's view: `args.view` with each `view_*` arg set in it (a cleared control leaves the field as it was). */
export function viewFromArgs<View>(args: { view: View } & Args): View {
  const view = { ...(args.view as Record<string, unknown>) };
  for (const [name, value] of Object.entries(args)) {
    if (!name.startsWith(VIEW_ARG_PREFIX) || value === undefined) continue;
    const [key, inner] = name.slice(VIEW_ARG_PREFIX.length).split('_') as [string, string | undefined];
    if (inner === undefined) view[key] = value;
    else if (isRecord(view[key])) view[key] = { ...view[key], [inner]: value };
  }
  return view as View;
}
