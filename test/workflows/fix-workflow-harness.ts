import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Logger } from "pino";
import {
  createLlamaPool,
  loadPoolConfig,
  type CompletionRequest,
  type ModelPool,
} from "../../src/pool/index.ts";
import { silentLogger } from "../verify/sandbox-helpers.ts";

export const cartIssue = {
  number: 12,
  title: "total() goes negative when the discount is larger than the cart",
  body: [
    "Calling `total(items, discount)` with a discount larger than the sum returns a negative amount:",
    "`total([{ price: 1, quantity: 1 }], 5)` returns -4. A customer can never be paid to shop; it should be 0.",
  ].join("\n"),
};

export const correctFix = {
  path: "src/cart.js",
  search: "  return sum - discount;\n",
  replace: "  return Math.max(0, sum - discount);\n",
};

export const reproducingTestContent = [
  'import assert from "node:assert/strict";',
  'import { test } from "node:test";',
  'import { total } from "../src/cart.js";',
  "",
  'test("a discount larger than the cart does not make the total negative", () => {',
  "  assert.equal(total([{ price: 1, quantity: 1 }], 5), 0);",
  "});",
  "",
].join("\n");

/** A pull request on cart-js that promises a clamped total and adds a test for it, but forgets the code. */
export const cartPullRequest = {
  number: 7,
  title: "Never charge less than nothing",
  body: "A discount larger than the cart now gives a total of 0 (see the new test).",
};

/** The test the pull request adds; it fails on the pull request's head. */
export const pullRequestTest = [
  "",
  'test("a discount larger than the cart gives 0", () => {',
  "  assert.equal(total([{ price: 1, quantity: 1 }], 5), 0);",
  "});",
  "",
].join("\n");

/** The files the pull request changes, as they are on its head. */
export function cartPullRequestFiles(): Record<string, string> {
  const dir = join(import.meta.dirname, "../../fixtures/repos/cart-js");
  return {
    "src/cart.js": readFileSync(join(dir, "src/cart.js"), "utf8").replace(
      "/** The amount to pay for `items`, after `discount`. */",
      "/** The amount to pay for `items`, after `discount`; never below 0. */",
    ),
    "test/cart.test.js": readFileSync(join(dir, "test/cart.test.js"), "utf8") + pullRequestTest,
  };
}

export function fixAnswer(
  edits: readonly { path: string; search: string; replace: string }[],
  explanation = "clamp at zero",
): string {
  return JSON.stringify({ explanation, edits });
}

export function testAnswer(content: string): string {
  return JSON.stringify({ explanation: "reproduces the negative total", content });
}

/** The fix agent slot a request came from (see `agentSampling`: seed = 7 + 1000 × slot + attempt). */
export function slotOf(request: CompletionRequest): number {
  return Math.floor(((request.seed ?? 7) - 7) / 1000);
}

export {
  startFixtureWorkspaces as startFixHarness,
  type FixtureWorkspaces as FixHarness,
} from "../verify/fixture-workspaces.ts";

/** The real tiny demo model, serving the fix and test roles too, with a context the fix prompt fits in. */
export async function createTinyFixPool(logger: Logger = silentLogger): Promise<ModelPool> {
  const config = await loadPoolConfig("models/pool.yml");
  return createLlamaPool(
    {
      ...config,
      models: config.models.map((m) => ({
        ...m,
        roles: ["review", "tests", "fix"],
        contextSize: 4096,
        instances: 2,
      })),
    },
    { logger },
  );
}
