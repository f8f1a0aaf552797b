import type { LlamaModel } from "node-llama-cpp";
import { calibrateFlashAttention, type FlashAttentionCalibration } from "./calibrate-flash-attention.ts";
import { calibrateThreads, type ThreadCalibration } from "./calibrate-threads.ts";
import type { ModelPlan } from "./plan-pool.ts";

export interface ModelCalibration {
  /** The plan's threads, or the calibration's pick when the plan says `calibrate`. */
  readonly threads: number;
  /** The thread measurement, when the plan asked for one. */
  readonly calibration: ThreadCalibration | undefined;
  readonly attention: FlashAttentionCalibration;
}

/**
 * The warm-up measurements a loaded model gets before its contexts are made: threads (when the
 * plan leaves them to calibration), then flash attention at those threads. The pool and
 * `quorum pool` both call this, so the plan shows what the pool will use (and hits its cache).
 */
export async function calibrateModel(
  model: LlamaModel,
  file: string,
  plan: Pick<ModelPlan, "threads" | "instances">,
  cores: number,
): Promise<ModelCalibration> {
  let calibration: ThreadCalibration | undefined;
  let threads: number;
  if (plan.threads === "calibrate") {
    calibration = await calibrateThreads(model, file, { cores, sequences: Math.min(plan.instances, 4) });
    threads = calibration.threads;
  } else {
    threads = plan.threads;
  }
  const attention = await calibrateFlashAttention(model, file, { threads });
  return { threads, calibration, attention };
}
