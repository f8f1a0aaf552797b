import { describe, expect, it } from "vitest";
import { detectBugFixClaim } from "../../src/workflows/index.ts";

describe("detectBugFixClaim", () => {
  it.each([
    ["Clamp the total at zero", "Fixes #12"],
    ["Clamp the total at zero", "This fixed octo/cart#12 for good."],
    ["Clamp the total at zero", "fix https://github.com/octo/cart/issues/12"],
    ["fix: clamp the total at zero", ""],
    ["fix(cart)!: clamp the total at zero", ""],
    ["[cart] Fix negative totals", ""],
    ["Clamp the total at zero", "A bug made the total negative."],
    ["Hotfix for the checkout", ""],
  ])("%s / %s: claims a bug fix", (title, body) => {
    expect(detectBugFixClaim({ title, body })).toBe(true);
  });

  it.each([
    ["Add a coupon code field", "Closes #12: the feature request."],
    ["Refactor the cart", "Debug logging added; the prefix is now configurable."],
    ["Linear regression helper", "Adds a fitting function."],
    ["Add coupons", "## Type of change\n- [ ] Bug fix\n- [x] New feature"],
    ["Add coupons", "<!-- Write 'Fixes #123' if this fixes a bug -->\nNew coupon support."],
  ])("%s / %s: does not claim a bug fix", (title, body) => {
    expect(detectBugFixClaim({ title, body })).toBe(false);
  });

  it("counts a ticked bug-fix checkbox", () => {
    expect(detectBugFixClaim({ title: "Cart", body: "- [x] Bug fix\n- [ ] New feature" })).toBe(true);
  });
});
