import { z } from "zod";

export const roles = ["review", "tests", "fix"] as const;
export type Role = (typeof roles)[number];

export const poolModelSchema = z
  .object({
    name: z
      .string()
      .regex(/^[a-z0-9][a-z0-9._-]*$/i, "use letters, digits, '.', '_' or '-'")
      .describe("Unique name of the model in the pool; shown in logs and review footers."),
    file: z.string().min(1).describe("Path to a GGUF file, relative to the pool file's folder or absolute."),
    roles: z
      .array(z.enum(roles))
      .min(1)
      .default(["review"])
      .describe("Which agent roles this model may serve. Default: [review]."),
    weight: z.number().positive().max(10).default(1).describe("The model's vote in fusion. Default: 1."),
    instances: z
      .number()
      .int()
      .min(1)
      .max(64)
      .default(3)
      .describe(
        "Concurrent agent instances (context sequences sharing one copy of the weights). Default: 3.",
      ),
    contextSize: z
      .number()
      .int()
      .min(256)
      .max(131072)
      .default(2048)
      .describe("Tokens of context per instance. Default: 2048."),
    threads: z
      .number()
      .int()
      .min(1)
      .max(256)
      .optional()
      .describe("CPU threads for this model. Default: the number of cores available to the process."),
  })
  .strict();

export type PoolModelConfig = z.infer<typeof poolModelSchema>;

export const poolConfigSchema = z
  .object({
    models: z.array(poolModelSchema).min(1).describe("The models in the pool. At least one."),
    demo: z
      .boolean()
      .default(false)
      .describe("Marks a pool of toy models: Quorum warns loudly that its output is a demo. Default: false."),
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
