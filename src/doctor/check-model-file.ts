import type { PoolModelConfig } from "../config/index.ts";
import { normaliseQuantisation } from "../pool/index.ts";
import { createOk, createProblem, type DoctorCheck } from "./doctor-check.ts";
import type { ModelFileFacts } from "./doctor-probes.ts";
import { unknownQuantisation } from "./inspect-model-file.ts";
import { formatBytes, formatInteger } from "./format-bytes.ts";

const pullHint =
  'Download a GGUF model (`npx --no node-llama-cpp pull --dir models <url or hf:owner/repo:quant>`) and point "file" in the pool file at it.';

/** The file behind one pool entry: present, really GGUF, and what it holds. */
export function checkModelFile(model: PoolModelConfig, facts: ModelFileFacts): DoctorCheck[] {
  const name = model.name;
  if (!facts.readable) {
    return [createProblem("fail", "model", name, `cannot read ${facts.file}: ${facts.error}`, pullHint)];
  }
  if (facts.kind === "lfs-pointer") {
    return [
      createProblem(
        "fail",
        "model",
        name,
        `${facts.file} is a Git LFS pointer (${formatBytes(facts.sizeBytes)}), not the model`,
        "Run `git lfs pull` in the repository that holds the model file.",
      ),
    ];
  }
  if (facts.kind === "gguf" && facts.gguf === undefined) {
    return [
      createProblem(
        "fail",
        "model",
        name,
        `${facts.file} starts like GGUF but its header does not parse (${facts.ggufError ?? "unknown error"}); the file is probably truncated`,
        `Download the file again. ${pullHint}`,
      ),
    ];
  }
  if (facts.kind === "other" || facts.gguf === undefined) {
    return [
      createProblem(
        "fail",
        "model",
        name,
        `${facts.file} is not a GGUF file (it does not start with "GGUF")`,
        pullHint,
      ),
    ];
  }
  const gguf = facts.gguf;
  const parts = [
    `GGUF v${gguf.version}`,
    gguf.architecture,
    gguf.quantisation,
    formatBytes(facts.sizeBytes),
    ...(gguf.parameters === undefined ? [] : [`${formatParameters(gguf.parameters)} parameters`]),
    ...(gguf.trainContextSize === undefined
      ? []
      : [`trained context ${formatInteger(gguf.trainContextSize)}`]),
  ];
  const lines = [createOk("model", name, parts.join(", "))];
  const preferred = model.quantization?.map(normaliseQuantisation);
  const known = gguf.quantisation !== unknownQuantisation;
  if (preferred !== undefined && known && !preferred.includes(normaliseQuantisation(gguf.quantisation))) {
    lines.push(
      createProblem(
        "warn",
        "model",
        `${name} quantisation`,
        `${facts.file} is ${gguf.quantisation}; the pool file prefers ${preferred.join(" or ")}`,
        `Download the ${preferred[0] ?? ""} file (\`npx --no node-llama-cpp pull --dir models hf:<owner>/<repo>:${preferred[0] ?? ""}\`), point "file" at its folder, or drop "quantization" for "${name}".`,
      ),
    );
  }
  if (
    gguf.trainContextSize !== undefined &&
    model.contextSize !== "auto" &&
    model.contextSize > gguf.trainContextSize
  ) {
    lines.push(
      createProblem(
        "warn",
        "model",
        `${name} context`,
        `contextSize ${formatInteger(model.contextSize)} is beyond the ${formatInteger(gguf.trainContextSize)} tokens the model was trained on; output degrades past that`,
        `Set contextSize to ${formatInteger(gguf.trainContextSize)} or less for "${name}" in the pool file.`,
      ),
    );
  }
  return lines;
}

/** 1_543_714_304 → "1.5B", 292_000 → "292K". */
function formatParameters(count: number): string {
  if (count >= 1e9) return `${(count / 1e9).toFixed(1)}B`;
  if (count >= 1e6) return `${(count / 1e6).toFixed(1)}M`;
  if (count >= 1e3) return `${Math.round(count / 1e3)}K`;
  return String(count);
}
