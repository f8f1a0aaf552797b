import { z } from "zod";

export const roles = ["review", "tests", "fix"] as const;
export type Role = (typeof roles)[number];

const instancesField = z
  .union([z.literal("auto"), z.number().int().min(1).max(64)], {
    errorMap: () => ({ message: 'expected a whole number from 1 to 64, or "auto"' }),
  })
  .default(3)
  .describe(
    'Concurrent agent instances. Local model: context sequences sharing one copy of the weights; "auto" lets the memory planner fit as many as free memory allows (at most 8). Remote endpoint: requests sent to it at once ("auto" means 4). Default: 3.',
  );

const contextSizeField = z
  .union([z.literal("auto"), z.number().int().min(256).max(131072)], {
    errorMap: () => ({ message: 'expected a whole number from 256 to 131072, or "auto"' }),
  })
  .default(2048)
  .describe(
    'Tokens of context per instance (local models). "auto": the model\'s training context, at most 4096, halved until the instances fit in memory (not below 512). Default: 2048.',
  );

const gpuLayersField = z
  .union([z.literal("auto"), z.literal("max"), z.number().int().min(0).max(1024)], {
    errorMap: () => ({ message: 'expected a whole number of layers, "auto" or "max"' }),
  })
  .optional()
  .describe(
    'Model layers to offload to the GPU (local models). "auto": as many as fit in free VRAM next to the instances\' caches; "max": all of them or refuse to start; 0: CPU only. Default: "auto" (0 when there is no GPU).',
  );

const quantizationName = z
  .string()
  .regex(/^[A-Za-z0-9_]+$/, "a quantisation name such as Q4_K_M, Q5_K_M, Q8_0 or F16");

const quantizationField = z
  .union([quantizationName, z.array(quantizationName).min(1)])
  .transform((value) => (typeof value === "string" ? [value] : value))
  .optional()
  .describe(
    "Preferred quantisation(s) of a local model, best first, e.g. Q4_K_M or [Q5_K_M, Q4_K_M]. When `file` is a folder, Quorum loads the GGUF in it whose file name carries the first of these it finds; when `file` is a GGUF of another quantisation, `quorum pool` and `quorum doctor` warn. Default: none (any quantisation; `file` must then be a file).",
  );

export const poolModelSchema = z
  .object({
    name: z
      .string()
      .regex(/^[a-z0-9][a-z0-9._-]*$/i, "use letters, digits, '.', '_' or '-'")
      .describe("Unique name of the model in the pool; shown in logs and review footers."),
    file: z
      .string()
      .min(1)
      .optional()
      .describe(
        "Path to a GGUF file, relative to the pool file's folder or absolute. Exactly one of `file` and `endpoint` is required.",
      ),
    endpoint: z
      .string()
      .url()
      .optional()
      .describe(
        "Base URL of an OpenAI-compatible API (llama.cpp server, Ollama, vLLM), e.g. http://127.0.0.1:8080/v1. Exactly one of `file` and `endpoint` is required.",
      ),
    model: z
      .string()
      .min(1)
      .optional()
      .describe("The model id the endpoint serves (sent as `model`). Required with `endpoint`."),
    api: z
      .enum(["chat", "completions"])
      .optional()
      .describe(
        "Endpoint API: `chat` (/chat/completions, the prompt as one user message) or `completions` (/completions, the prompt as is). Default: chat.",
      ),
    apiKeyEnv: z
      .string()
      .regex(/^[A-Z_][A-Z0-9_]*$/, "an environment variable name, e.g. OPENAI_API_KEY")
      .optional()
      .describe(
        "Name of the environment variable holding the endpoint's API key (keys never go in the pool file). Default: no key.",
      ),
    requestTimeoutMs: z
      .number()
      .int()
      .min(100)
      .max(3_600_000)
      .optional()
      .describe(
        "How long one request to the endpoint may take before the call falls back to a local model. Default: 60000.",
      ),
    roles: z
      .array(z.enum(roles))
      .min(1)
      .default(["review"])
      .describe("Which agent roles this model may serve. Default: [review]."),
    weight: z.number().positive().max(10).default(1).describe("The model's vote in fusion. Default: 1."),
    instances: instancesField,
    contextSize: contextSizeField,
    threads: z
      .number()
      .int()
      .min(1)
      .max(256)
      .optional()
      .describe(
        "CPU threads for this model (local models). Default: measured at start-up, by a short warm-up that tries 1 to all cores and keeps the fastest.",
      ),
    gpuLayers: gpuLayersField,
    quantization: quantizationField,
  })
  .strict()
  .superRefine((model, ctx) => {
    if ((model.file === undefined) === (model.endpoint === undefined)) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: [model.file === undefined ? "file" : "endpoint"],
        message: "set exactly one of `file` (a local GGUF model) and `endpoint` (an OpenAI-compatible URL)",
      });
    }
    if (model.endpoint !== undefined && model.quantization !== undefined) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ["quantization"],
        message:
          "`quantization` applies to local models (`file`); the endpoint serves whatever `model` names",
      });
    }
    if (model.endpoint !== undefined && model.model === undefined) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ["model"],
        message: "an `endpoint` member needs `model`, the model id the endpoint serves",
      });
    }
  });

export type PoolModelConfig = z.infer<typeof poolModelSchema>;

export const poolConfigSchema = z
  .object({
    models: z.array(poolModelSchema).min(1).describe("The models in the pool. At least one."),
    demo: z
      .boolean()
      .default(false)
      .describe("Marks a pool of toy models: Quorum warns loudly that its output is a demo. Default: false."),
    reserveMemoryMb: z
      .number()
      .int()
      .min(0)
      .max(1_048_576)
      .default(1024)
      .describe(
        "Memory (MiB) the planner leaves free for the system, Redis and Quorum itself when fitting models and instances. Default: 1024.",
      ),
  })
  .strict()
  .superRefine((pool, ctx) => {
    const seen = new Set<string>();
    pool.models.forEach((m, i) => {
      if (seen.has(m.name)) {
        ctx.addIssue({
          code: z.ZodIssueCode.custom,
          path: ["models", i, "name"],
          message: `duplicate model name "${m.name}"`,
        });
      }
      seen.add(m.name);
    });
  });

/** The pool file after validation, with `file` paths resolved to absolute paths. */
export type PoolConfig = z.infer<typeof poolConfigSchema>;
