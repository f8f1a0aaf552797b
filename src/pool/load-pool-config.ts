import { readFile } from "node:fs/promises";
import { dirname, isAbsolute, resolve } from "node:path";
import { parseDocument } from "yaml";
import type { ZodIssue } from "zod";
import { poolConfigSchema, type PoolConfig } from "../config/index.ts";
import { PoolConfigError } from "./pool-config-error.ts";

/**
 * Reads and validates a pool file. Model `file` paths come back absolute, resolved against the
 * pool file's folder, so the pool works from any working directory. Throws `PoolConfigError`
 * naming every bad field.
 */
export async function loadPoolConfig(filePath: string): Promise<PoolConfig> {
  let text: string;
  try {
    text = await readFile(filePath, "utf8");
  } catch (error) {
    throw new PoolConfigError(filePath, [{ path: "", message: "cannot read the pool file" }], {
      cause: error,
    });
  }

  const document = parseDocument(text, { prettyErrors: true });
  if (document.errors.length > 0) {
    throw new PoolConfigError(
      filePath,
      document.errors.map((e) => ({ path: "", message: `invalid YAML: ${e.message}` })),
      { cause: document.errors[0] },
    );
  }

  const parsed = poolConfigSchema.safeParse(document.toJS());
  if (!parsed.success) {
    throw new PoolConfigError(
      filePath,
      parsed.error.issues.map((issue) => ({ path: formatIssuePath(issue), message: issue.message })),
      { cause: parsed.error },
    );
  }

  const folder = dirname(resolve(filePath));
  return {
    ...parsed.data,
    models: parsed.data.models.map((m) =>
      m.file === undefined ? m : { ...m, file: isAbsolute(m.file) ? m.file : resolve(folder, m.file) },
    ),
  };
}

function formatIssuePath(issue: ZodIssue): string {
  return issue.path.reduce<string>(
    (out, key) => (typeof key === "number" ? `${out}[${key}]` : out === "" ? key : `${out}.${key}`),
    "",
  );
}
