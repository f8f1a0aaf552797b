import { readdir, readFile, stat } from "node:fs/promises";
import { dirname, isAbsolute, resolve } from "node:path";
import { parseDocument } from "yaml";
import type { ZodIssue } from "zod";
import { poolConfigSchema, type PoolConfig } from "../config/index.ts";
import { pickQuantisedFile } from "./pick-quantised-file.ts";
import { PoolConfigError, type PoolConfigIssue } from "./pool-config-error.ts";

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
  const problems: PoolConfigIssue[] = [];
  const models = await Promise.all(
    parsed.data.models.map(async (m, index) => {
      if (m.file === undefined) return m;
      const file = isAbsolute(m.file) ? m.file : resolve(folder, m.file);
      const picked = await resolveModelFolder(file, m.quantization, `models[${index}]`);
      if ("problem" in picked) {
        problems.push(picked.problem);
        return m;
      }
      return { ...m, file: picked.file };
    }),
  );
  if (problems.length > 0) throw new PoolConfigError(filePath, problems);
  return { ...parsed.data, models };
}

/**
 * A `file` that names a folder (say, where `node-llama-cpp pull` put several quantisations of a
 * model) resolves to the GGUF of the preferred quantisation. A missing path is left for the
 * model loader, which says what to download.
 */
async function resolveModelFolder(
  file: string,
  preferences: readonly string[] | undefined,
  fieldPath: string,
): Promise<{ readonly file: string } | { readonly problem: PoolConfigIssue }> {
  const isFolder = await stat(file).then(
    (s) => s.isDirectory(),
    () => false,
  );
  if (!isFolder) return { file };
  const names = await readdir(file);
  const found = names.filter((n) => n.toLowerCase().endsWith(".gguf")).sort();
  const listed = found.length === 0 ? "no .gguf files" : `found ${found.join(", ")}`;
  if (preferences === undefined) {
    return {
      problem: {
        path: `${fieldPath}.file`,
        message: `${file} is a folder: name a GGUF file, or set \`quantization\` to choose one in it (${listed})`,
      },
    };
  }
  const picked = pickQuantisedFile(names, preferences);
  if (picked === null) {
    return {
      problem: {
        path: `${fieldPath}.quantization`,
        message: `no GGUF in ${file} carries ${preferences.join(" or ")} in its name (${listed})`,
      },
    };
  }
  return { file: resolve(file, picked.fileName) };
}

function formatIssuePath(issue: ZodIssue): string {
  return issue.path.reduce<string>(
    (out, key) => (typeof key === "number" ? `${out}[${key}]` : out === "" ? key : `${out}.${key}`),
    "",
  );
}
