import type { JsonSchema } from "./build-json-schemas.ts";

/** One documented option: a dotted path (`models[].name`), its type, default and description. */
export interface OptionDoc {
  readonly path: string;
  readonly type: string;
  readonly default: string;
  readonly description: string;
}

/**
 * Flattens a JSON Schema into one row per option. The default shown is the one the description
 * states ("Default: …", which can say more than a value, e.g. "measured at start-up"), else the
 * schema's `default`, else "required" or "none".
 */
export function collectSchemaOptions(schema: JsonSchema, prefix = ""): OptionDoc[] {
  const properties = asRecord(schema.properties);
  const required = new Set(Array.isArray(schema.required) ? (schema.required as string[]) : []);
  const rows: OptionDoc[] = [];
  for (const [key, value] of Object.entries(properties)) {
    const property = asRecord(value);
    const path = `${prefix}${key}`;
    const nested = asRecord(property.properties);
    if (property.type === "object" && Object.keys(nested).length > 0) {
      rows.push(...collectSchemaOptions(property, `${path}.`));
      continue;
    }
    const { description, stated } = splitDefault(
      typeof property.description === "string" ? property.description : "",
    );
    rows.push({
      path,
      type: describeType(property),
      default: stated ?? describeDefault(property, required.has(key)),
      description,
    });
    const items = asRecord(property.items);
    if (property.type === "array" && items.type === "object")
      rows.push(...collectSchemaOptions(items, `${path}[].`));
  }
  return rows;
}

function splitDefault(text: string): { description: string; stated: string | undefined } {
  const match = /^(.*?)\s*Default: (.*?)\.?$/s.exec(text);
  if (match === null) return { description: text, stated: undefined };
  return { description: match[1] ?? "", stated: match[2] };
}

function describeDefault(property: JsonSchema, required: boolean): string {
  if ("default" in property) return JSON.stringify(property.default);
  return required ? "required" : "none";
}

export function describeType(property: JsonSchema): string {
  if (Array.isArray(property.anyOf)) return (property.anyOf as JsonSchema[]).map(describeType).join(" or ");
  if ("const" in property) return JSON.stringify(property.const);
  if (Array.isArray(property.enum))
    return (property.enum as unknown[]).map((v) => JSON.stringify(v)).join(", ");
  if (property.type === "array") {
    const items = asRecord(property.items);
    if (Array.isArray(items.enum)) return `list of ${describeType(items)}`;
    return items.type === "object" ? "list of objects" : `list of ${describeType(items)}s`;
  }
  if (property.type === "string" && property.format === "uri") return "URL";
  if (property.type === "integer" || property.type === "number")
    return `${property.type}${describeRange(property)}`;
  return typeof property.type === "string" ? property.type : "any";
}

function describeRange(property: JsonSchema): string {
  const min = typeof property.minimum === "number" ? property.minimum : undefined;
  const max = typeof property.maximum === "number" ? property.maximum : undefined;
  const above = typeof property.exclusiveMinimum === "number" ? property.exclusiveMinimum : undefined;
  if (min !== undefined && max !== undefined) return ` ${min}–${max}`;
  if (above !== undefined && max !== undefined) return ` > ${above}, ≤ ${max}`;
  if (min !== undefined) return ` ≥ ${min}`;
  if (max !== undefined) return ` ≤ ${max}`;
  return "";
}

function asRecord(value: unknown): Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}
