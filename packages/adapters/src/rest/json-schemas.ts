/**
 * The contract's TypeBox schemas as the JSON Schema components of its published documents (openapi.json for the
 * REST routes, asyncapi.json for the live-events socket): every exported schema named once, a use of it replaced by
 * a `$ref`, and what no document part reaches left out.
 */
import { Kind, type TSchema } from '@sinclair/typebox';
import * as contract from './contract.js';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

/** A TypeBox schema as plain JSON Schema: symbol keys and `$id` dropped, named schemas replaced by `$ref`s. */
export class SchemaConverter {
  /** Canonical JSON of each named schema → its component name. */
  private readonly names = new Map<string, string>();
  readonly components: Record<string, Json> = {};

  constructor(named: ReadonlyArray<readonly [string, TSchema]>) {
    for (const [name, schema] of named) {
      const key = canonical(schema);
      if (!this.names.has(key)) this.names.set(key, name);
    }
    for (const [name, schema] of named) {
      if (this.names.get(canonical(schema)) === name) this.components[name] = this.convert(schema, true);
    }
  }

  convert(schema: unknown, isRoot = false): Json {
    if (Array.isArray(schema)) return schema.map((item) => this.convert(item));
    if (typeof schema !== 'object' || schema === null) return schema as Json;
    if (!isRoot) {
      const name = this.names.get(canonical(schema));
      if (name !== undefined) return { $ref: `#/components/schemas/${name}` };
    }
    const result: JsonObject = {};
    for (const [key, value] of Object.entries(schema)) {
      if (key === '$id' || value === undefined) continue;
      result[key] = this.convert(value);
    }
    return result;
  }
}

/** JSON of a schema without TypeBox's symbol keys or `$id`, so copies (e.g. made by Type.Optional) compare equal. */
function canonical(schema: unknown): string {
  return JSON.stringify(schema, (key, value: unknown) => (key === '$id' ? undefined : value));
}

/** Every schema the contract exports, by name ("ErrorCodeSchema" → "ErrorCode"); path-parameter objects excepted. */
export function namedSchemas(): Array<[string, TSchema]> {
  return Object.entries(contract)
    .filter((entry): entry is [string, TSchema] => typeof entry[1] === 'object' && entry[1] !== null && Kind in entry[1])
    .filter(([name]) => !name.endsWith('Params'))
    .map(([name, schema]): [string, TSchema] => [name.replace(/Schema$/, ''), schema])
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

/** Every `$ref` in a document part. */
export function refsIn(value: unknown, found = new Set<string>()): Set<string> {
  if (Array.isArray(value)) for (const item of value) refsIn(item, found);
  else if (typeof value === 'object' && value !== null) {
    for (const [key, item] of Object.entries(value)) {
      if (key === '$ref' && typeof item === 'string') found.add(item);
      else refsIn(item, found);
    }
  }
  return found;
}

/**
 * The components reached from `roots` (directly or through other components), the rest dropped: a document lists only
 * the schemas it uses.
 */
export function pruneComponents(components: Record<string, Json>, roots: unknown): Record<string, Json> {
  const reached = new Set<string>();
  const visit = (value: unknown) => {
    for (const ref of refsIn(value)) {
      const name = ref.replace('#/components/schemas/', '');
      if (reached.has(name) || !(name in components)) continue;
      reached.add(name);
      visit(components[name]);
    }
  };
  visit(roots);
  return Object.fromEntries(Object.entries(components).filter(([name]) => reached.has(name)));
}
