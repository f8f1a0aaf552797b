import { describe, expect, it } from "vitest";
import type { Role } from "../../src/config/index.ts";
import { pickMember } from "../../src/pool/index.ts";

function member(name: string, roles: Role[], hasFreeInstance: boolean, load: number) {
  return { name, roles, hasFreeInstance, load };
}

describe("pickMember", () => {
  it("prefers the first member with a free instance", () => {
    const members = [
      member("a", ["review"], false, 3),
      member("b", ["review"], true, 1),
      member("c", ["review"], true, 0),
    ];
    expect(pickMember(members, "review")?.name).toBe("b");
  });

  it("falls back to the least loaded member when all are busy", () => {
    const members = [
      member("a", ["review"], false, 5),
      member("b", ["review"], false, 4),
      member("c", ["review"], false, 6),
    ];
    expect(pickMember(members, "review")?.name).toBe("b");
  });

  it("only considers members serving the role", () => {
    const members = [member("a", ["fix"], true, 0), member("b", ["review", "tests"], false, 9)];
    expect(pickMember(members, "tests")?.name).toBe("b");
    expect(pickMember(members, "fix")?.name).toBe("a");
    expect(pickMember([member("a", ["fix"], true, 0)], "review")).toBeUndefined();
  });
});
