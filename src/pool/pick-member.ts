import type { Role } from "../config/index.ts";

export interface MemberLoad {
  readonly roles: readonly Role[];
  readonly hasFreeInstance: boolean;
  /** Busy instances plus waiting callers. */
  readonly load: number;
}

/**
 * Chooses who serves a call for `role`: a member with a free instance (earliest in the pool file
 * first, so the operator's order is the preference), else the least loaded one.
 * Returns undefined when no member serves the role.
 */
export function pickMember<M extends MemberLoad>(members: readonly M[], role: Role): M | undefined {
  const candidates = members.filter((m) => m.roles.includes(role));
  const free = candidates.find((m) => m.hasFreeInstance);
  if (free !== undefined) return free;
  return candidates.reduce<M | undefined>(
    (best, m) => (best === undefined || m.load < best.load ? m : best),
    undefined,
  );
}
