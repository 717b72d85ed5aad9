// Derives a JSON Schema for the YAML/JSON form of a topology from Stamp's schema table, for the yaml-language-server peer.
import { childKinds, elementKinds } from '../grammar/src/schema.js';
import type { ArgForm, ElementKind, PropertySpec, ValueType } from '../grammar/src/schema-types.js';

type JsonSchema = Record<string, unknown>;

/** The JSON Schema of one value of a value type. */
function valueSchema(type: ValueType): JsonSchema {
  switch (type.type) {
    case 'number':
      return { type: 'integer', ...(type.min !== undefined ? { minimum: type.min } : {}), ...(type.max !== undefined ? { maximum: type.max } : {}) };
    case 'enum':
      return { type: 'string', enum: [...type.values] };
    case 'bool':
      return type.words === 'enabled_disabled' ? { enum: ['enabled', 'disabled', true, false] } : { enum: ['yes', 'no', true, false] };
    case 'word':
      return { const: type.word };
    case 'ports':
      return { anyOf: [{ type: 'integer', minimum: 0, maximum: 65535 }, { type: 'string', pattern: '^[0-9]+-[0-9]+$' }] };
    case 'quantity':
      return { type: 'string', pattern: '^[0-9]+(\\.[0-9]+)?[A-Za-z][A-Za-z0-9]*$' };
    case 'address':
      return { type: 'string', pattern: '^[0-9]+(\\.[0-9]+){3}(/[0-9]+)?$' };
    case 'dotted':
      return { type: 'string', pattern: '^[0-9]+(\\.[0-9]+){2,}$' };
    case 'version':
      return { type: 'string', pattern: '^[0-9]{4}([A-Za-z][A-Za-z0-9]*)?$' };
    default:
      return { type: 'string', minLength: 1 };
  }
}

/** The JSON Schema of a property: a flag is `true`, a one-value form its value, a list or a multi-word form an array. */
function propertySchema(spec: PropertySpec): JsonSchema {
  const description = spec.doc;
  if (spec.flag) return { description, type: 'boolean' };
  const forms = spec.forms;
  if (forms.length === 1 && forms[0].length === 1) {
    const only = forms[0][0];
    if (only.list) return { description, type: 'array', minItems: 1, items: valueSchema(only.value) };
    return { description, ...valueSchema(only.value) };
  }
  return { description, type: 'array', minItems: 1, items: { type: ['string', 'integer'] } };
}

/** The header fields of an element kind, from all its forms. */
function headerFields(forms: readonly ArgForm[]): Record<string, JsonSchema> {
  const fields: Record<string, JsonSchema> = {};
  for (const form of forms) {
    for (const spec of form) {
      if (spec.value.type === 'word') continue;
      fields[spec.name] = spec.value.type === 'bool' ? valueSchema(spec.value) : spec.value.type === 'ports' || spec.value.type === 'number' ? valueSchema(spec.value) : { type: 'string', minLength: 1 };
    }
  }
  return fields;
}

function definitionName(kind: ElementKind): string {
  return `kind_${kind.id}`;
}

/** The schema of one element kind: `kind`, its header fields, `properties` and `children`. */
function kindSchema(kind: ElementKind): JsonSchema {
  const properties: Record<string, JsonSchema> = {};
  for (const [keyword, spec] of Object.entries(kind.properties)) properties[keyword] = propertySchema(spec);
  const children = [...childKinds(kind.id).values()];
  const required = ['kind'];
  const firstForm = kind.header[0] ?? [];
  for (const spec of firstForm) if (spec.value.type !== 'word' && !spec.optional && kind.header.every((form) => form.some((other) => other.name === spec.name))) required.push(spec.name);
  return {
    type: 'object',
    description: kind.doc,
    required,
    additionalProperties: false,
    properties: {
      kind: { const: kind.id },
      ...headerFields(kind.header),
      properties: { type: 'object', additionalProperties: false, properties },
      ...(children.length > 0 ? { children: { type: 'array', items: { oneOf: children.map((child) => ({ $ref: `#/definitions/${definitionName(child)}` })) } } } : {}),
    },
  };
}

/** The JSON Schema of a whole topology tree, as `bench/generate.ts` writes it. */
export function buildTopologySchema(): JsonSchema {
  const definitions: Record<string, JsonSchema> = {};
  for (const kind of elementKinds) definitions[definitionName(kind)] = kindSchema(kind);
  const topLevel = [...childKinds('file').values()];
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: 'https://stamp.example/schemas/topology.json',
    title: 'Stamp topology (YAML form)',
    description: 'Generated from the Stamp schema table (grammar/src/schema.ts) by bench/json-schema.ts.',
    type: 'object',
    required: ['children'],
    additionalProperties: false,
    properties: { children: { type: 'array', items: { oneOf: topLevel.map((kind) => ({ $ref: `#/definitions/${definitionName(kind)}` })) } } },
    definitions,
  };
}
