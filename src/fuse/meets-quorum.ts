import type { Quorum } from "./fuse-options.ts";

/** Weights are decimals from a config file: compare with a little slack so 0.1 + 0.2 reaches 0.3. */
const epsilon = 1e-9;

/** Whether `support` out of a total voter weight `voters` satisfies the quorum rule. */
export function meetsQuorum(support: number, voters: number, quorum: Quorum): boolean {
  if (quorum === "majority") return support > voters / 2 + epsilon;
  if (quorum === "all") return support >= voters - epsilon;
  return support >= quorum - epsilon;
}
