import nock from "nock";
import { afterAll, afterEach, beforeAll } from "vitest";
import { createScriptedPool, type ScriptedPool, type ScriptedResponder } from "../../src/pool/index.ts";
import { startReviewHarness, type ReviewHarness } from "./start-review-harness.ts";

/** Filled in before the suite's tests run: read the fields inside tests, not at collection time. */
export interface ScriptedReviewSuite {
  readonly pool: ScriptedPool;
  readonly harness: ReviewHarness;
}

/**
 * For the enclosing `describe`: a review harness on a scripted pool started before its tests,
 * nock's interceptors cleared after each test, and both disposed after the suite.
 */
export function useScriptedReviewHarness(
  responder: ScriptedResponder,
  options: { coalesceMs?: number } = {},
): ScriptedReviewSuite {
  const suite = {} as { pool: ScriptedPool; harness: ReviewHarness };

  beforeAll(async () => {
    suite.pool = createScriptedPool(responder);
    suite.harness = await startReviewHarness({ pool: suite.pool, demo: false, ...options });
  });

  afterEach(() => {
    nock.cleanAll();
  });

  afterAll(async () => {
    await suite.harness.dispose();
    await suite.pool.dispose();
  });

  return suite;
}
