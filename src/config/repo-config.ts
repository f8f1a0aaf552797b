import { z } from "zod";
import { failedAgentPolicies, severities } from "../domain/index.ts";

const quorumRule = z
  .union([z.literal("majority"), z.literal("all"), z.number().positive().max(64)])
  .describe(
    "How much agreement an inline comment needs: 'majority' (more than half of the agents' weight), 'all', or a number of agents (by weight). Default: majority.",
  );

export const reviewConfigSchema = z
  .object({
    enabled: z.boolean().default(true).describe("Review pull requests automatically. Default: true."),
    reviewers: z
      .number()
      .int()
      .min(1)
      .max(16)
      .default(3)
      .describe("Agent instances that review each chunk of the change. Default: 3."),
    quorum: quorumRule.default("majority"),
    minSeverity: z
      .enum(severities)
      .default("minor")
      .describe("Findings below this severity are never posted inline. Default: minor."),
    maxFindingsPerAgent: z
      .number()
      .int()
      .min(1)
      .max(50)
      .default(8)
      .describe("Findings one agent may report per chunk; stops one agent flooding the vote. Default: 8."),
    failedAgents: z
      .enum(failedAgentPolicies)
      .default("abstain")
      .describe(
        "How an agent that failed (timed out, unusable output) counts: 'abstain' keeps it in the vote supporting nothing, so one surviving agent cannot reach a majority alone; 'exclude' measures agreement among the agents that answered. Default: abstain.",
      ),
    disputeRatio: z
      .number()
      .min(0)
      .max(10)
      .default(0.75)
      .describe(
        "A finding is disputed (never inline) when agents judging the place correct weigh at least this share of its support. Default: 0.75.",
      ),
    ignore: z
      .array(z.string().min(1))
      .default([])
      .describe(
        "Extra glob patterns of files not to review (lock files and build output are always skipped). Default: [].",
      ),
  })
  .strict();

export const repoConfigSchema = z
  .object({
    review: reviewConfigSchema.default({}),
    commands: z
      .object({
        prefix: z
          .string()
          .regex(/^\/[a-z][a-z0-9-]*$/i, "a slash followed by letters, digits or '-'")
          .default("/quorum")
          .describe("Prefix of slash commands in comments. Default: /quorum."),
      })
      .strict()
      .default({}),
    verify: z
      .object({
        command: z
          .string()
          .min(1)
          .max(500)
          .optional()
          .describe(
            "The repository's test command, run with `sh -c` in the sandbox. Default: detected (npm test, pytest, go test ./..., cargo test, make test).",
          ),
        testFileCommand: z
          .string()
          .regex(/\{file\}/, "must contain {file}")
          .max(500)
          .optional()
          .describe(
            "Runs one test file; `{file}` is replaced by its path. Default: detected from the test command.",
          ),
        timeoutMinutes: z
          .number()
          .int()
          .min(1)
          .max(60)
          .default(10)
          .describe("Time limit of one sandboxed test run. Default: 10."),
      })
      .strict()
      .default({}),
    fix: z
      .object({
        agents: z
          .number()
          .int()
          .min(1)
          .max(8)
          .default(3)
          .describe("Fix agents that each propose a patch; agreement between them wins. Default: 3."),
      })
      .strict()
      .default({}),
    labels: z
      .object({
        fix: z
          .string()
          .min(1)
          .max(50)
          .default("quorum:fix")
          .describe("Issue label that asks for a fix. Default: quorum:fix."),
        tests: z
          .string()
          .min(1)
          .max(50)
          .default("quorum:tests")
          .describe("Label that asks for generated tests. Default: quorum:tests."),
      })
      .strict()
      .default({}),
  })
  .strict();

/** The effective `.github/quorum.yml`, with every default applied. */
export type RepoConfig = z.infer<typeof repoConfigSchema>;
