import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { Ajv, type ErrorObject, type ValidateFunction } from "ajv";
import formats from "ajv-formats";

/**
 * GitHub's REST description (OpenAPI 3.0, from `@octokit/openapi`) turned into request-body
 * validators, so tests prove that what we send is what GitHub accepts, not just what our own
 * mocks expect.
 */
export interface GitHubOpenApi {
  /**
   * Checks one request. `urlPath` is the concrete path (`/repos/o/r/pulls/3/reviews`), a full
   * URL, or a GHES path under `/api/v3`; the query string is ignored. `body` is the parsed JSON
   * body, `undefined` when none was sent. Returns human-readable violations, empty when valid.
   */
  validateRequest(method: string, urlPath: string, body: unknown): string[];
  /** The spec's path template a concrete path resolves to, e.g. `/repos/{owner}/{repo}/pulls`. */
  findPathTemplate(urlPath: string): string | undefined;
}

export type GitHubOpenApiVariant = "api.github.com" | "ghec" | "ghes-3.17" | "ghes-3.18" | "ghes-3.19";

type JsonObject = Record<string, unknown>;

interface PathTemplate {
  readonly template: string;
  readonly literalSegments: number;
  readonly exact: RegExp;
  /** Lets a trailing parameter span slashes (`contents/{path}`, `git/ref/{ref}`), as clients send them. */
  readonly greedy: RegExp | undefined;
}

const specId = "https://api.github.com/openapi.json";
const methods = new Set(["get", "put", "post", "patch", "delete", "head", "options"]);
/** Parameters whose values are slash-separated (file paths, git refs, branch names). */
const slashParameters = new Set(["{path}", "{ref}", "{branch}"]);
const cache = new Map<GitHubOpenApiVariant, Promise<GitHubOpenApi>>();

/** Loads (once per process and variant) GitHub's OpenAPI description. */
export function loadGitHubOpenApi(variant: GitHubOpenApiVariant = "api.github.com"): Promise<GitHubOpenApi> {
  let loaded = cache.get(variant);
  if (loaded === undefined) {
    loaded = buildGitHubOpenApi(variant);
    cache.set(variant, loaded);
  }
  return loaded;
}

async function buildGitHubOpenApi(variant: GitHubOpenApiVariant): Promise<GitHubOpenApi> {
  const require = createRequire(import.meta.url);
  const file = require.resolve(`@octokit/openapi/generated/${variant}.json`);
  const spec = JSON.parse(await readFile(file, "utf8")) as JsonObject;
  const paths = asObject(spec.paths);
  const components = asObject(spec.components);

  const ajv = new Ajv({ strict: false, allErrors: true, validateSchema: false, logger: false });
  formats.default(ajv);
  for (const name of collectFormats(spec)) {
    // Formats such as `int64` or `repo.nwo` are documentation in GitHub's spec, not constraints.
    if (!(name in ajv.formats)) ajv.addFormat(name, true);
  }
  ajv.addSchema({
    $id: specId,
    components: { schemas: mapValues(asObject(components.schemas), toJsonSchema) },
  });

  const templates = Object.keys(paths)
    .map(compileTemplate)
    .sort((a, b) => b.literalSegments - a.literalSegments);
  const validators = new Map<string, ValidateFunction | null>();

  function matchTemplate(path: string): string | undefined {
    const exact = templates.find((t) => t.exact.test(path));
    if (exact !== undefined) return exact.template;
    return templates.find((t) => t.greedy?.test(path) === true)?.template;
  }

  function findPathTemplate(urlPath: string): string | undefined {
    const path = normalisePath(urlPath);
    const found = matchTemplate(path);
    if (found !== undefined) return found;
    // GitHub's pagination `Link`s use the undocumented alias `/repositories/{id}/…` for `/repos/{owner}/{repo}/…`.
    const alias = /^\/repositories\/(\d+)(\/.*)$/.exec(path);
    return alias === null ? undefined : matchTemplate(`/repos/${alias[1]}/${alias[1]}${alias[2]}`);
  }

  function validatorFor(template: string, method: string, operation: JsonObject): ValidateFunction | null {
    const key = `${method} ${template}`;
    const known = validators.get(key);
    if (known !== undefined) return known;
    const content = asObject(asObject(operation.requestBody).content);
    const schema = asObject(content["application/json"]).schema;
    const compiled = schema === undefined ? null : ajv.compile(asObject(toJsonSchema(schema)));
    validators.set(key, compiled);
    return compiled;
  }

  function validateRequest(method: string, urlPath: string, body: unknown): string[] {
    const verb = method.toLowerCase();
    const label = `${method.toUpperCase()} ${normalisePath(urlPath)}`;
    const template = findPathTemplate(urlPath);
    if (template === undefined) return [`${label}: no such path in GitHub's REST API (${variant})`];
    const operation = asObject(paths[template])[verb];
    if (!methods.has(verb) || operation === undefined) {
      return [`${label}: ${template} has no ${method.toUpperCase()} operation`];
    }
    const operationObject = asObject(operation);
    const requestBody = operationObject.requestBody;
    const hasBody = body !== undefined && !(isObject(body) && Object.keys(body).length === 0);
    if (requestBody === undefined) {
      return hasBody ? [`${label}: ${template} takes no request body`] : [];
    }
    const validate = validatorFor(template, verb, operationObject);
    // Non-JSON bodies (raw markdown, uploads) have no schema to check against.
    if (validate === null) return [];
    if (body === undefined) {
      return asObject(requestBody).required === true ? [`${label}: request body is required`] : [];
    }
    if (validate(body)) return [];
    return (validate.errors ?? []).map(
      (error) => `${label}: body${error.instancePath} ${describeError(error)}`,
    );
  }

  return { validateRequest, findPathTemplate };
}

function describeError(error: ErrorObject): string {
  const message = error.message ?? error.keyword;
  const params = error.params as JsonObject;
  if (Array.isArray(params.allowedValues)) return `${message}: ${JSON.stringify(params.allowedValues)}`;
  if (typeof params.additionalProperty === "string") return `${message}: '${params.additionalProperty}'`;
  return message;
}

function normalisePath(urlPath: string): string {
  let path = urlPath;
  if (/^https?:\/\//i.test(path)) path = new URL(path).pathname;
  path = path.split(/[?#]/, 1)[0] ?? "";
  if (path.startsWith("/api/v3/")) path = path.slice("/api/v3".length);
  return path.length > 1 ? path.replace(/\/+$/, "") : path;
}

function compileTemplate(template: string): PathTemplate {
  const segments = template.split("/").slice(1);
  const pattern = (lastGreedy: boolean): string =>
    segments
      .map((segment, index) => {
        if (!segment.includes("{")) return escapeRegExp(segment);
        const parameter = lastGreedy && index === segments.length - 1 ? ".+" : "[^/]+";
        return segment
          .split(/(\{[^}]+\})/)
          .map((part) => (part.startsWith("{") ? parameter : escapeRegExp(part)))
          .join("");
      })
      .join("/");
  const lastIsParameter = slashParameters.has(segments.at(-1) ?? "");
  return {
    template,
    literalSegments: segments.filter((segment) => !segment.includes("{")).length,
    exact: new RegExp(`^/${pattern(false)}$`),
    greedy: lastIsParameter ? new RegExp(`^/${pattern(true)}$`) : undefined,
  };
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/**
 * Converts an OpenAPI 3.0 schema object to JSON Schema: `nullable: true` becomes a `null`
 * alternative, and local `$ref`s point into the spec registered under `specId`. Walks only
 * schema positions, so a property that happens to be named `nullable` is left alone.
 */
function toJsonSchema(node: unknown): unknown {
  if (!isObject(node)) return node;
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(node)) {
    switch (key) {
      case "nullable":
        break;
      case "$ref":
        out.$ref = typeof value === "string" && value.startsWith("#") ? `${specId}${value}` : value;
        break;
      case "properties":
      case "patternProperties":
        out[key] = mapValues(asObject(value), toJsonSchema);
        break;
      case "items":
      case "additionalProperties":
      case "not":
        out[key] = toJsonSchema(value);
        break;
      case "allOf":
      case "anyOf":
      case "oneOf":
        out[key] = Array.isArray(value) ? value.map(toJsonSchema) : value;
        break;
      default:
        out[key] = value;
    }
  }
  if (node.nullable !== true) return out;

  const combined = ["$ref", "allOf", "anyOf", "oneOf", "not"].some((key) => key in out);
  if (!combined && typeof out.type === "string") {
    out.type = [out.type, "null"];
    if (Array.isArray(out.enum) && !out.enum.includes(null)) out.enum = [...(out.enum as unknown[]), null];
    return out;
  }
  return { anyOf: [out, { type: "null" }] };
}

function collectFormats(spec: unknown): Set<string> {
  const found = new Set<string>();
  JSON.stringify(spec, (key, value: unknown) => {
    if (key === "format" && typeof value === "string") found.add(value);
    return value;
  });
  return found;
}

function mapValues(object: JsonObject, map: (value: unknown) => unknown): JsonObject {
  return Object.fromEntries(Object.entries(object).map(([key, value]) => [key, map(value)]));
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function asObject(value: unknown): JsonObject {
  return isObject(value) ? value : {};
}
