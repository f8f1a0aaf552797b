const testPathPatterns: readonly RegExp[] = [
  /(?:^|\/)(?:test|tests|__tests__|spec|specs|testing)\//,
  /\.(?:test|spec)\.[cm]?[jt]sx?$/,
  /(?:^|[/_-])test[_-][^/]*\.[cm]?[jt]sx?$/,
  /[_-]test\.[cm]?[jt]sx?$/,
  /(?:^|\/)test_[^/]*\.py$/,
  /_test\.py$/,
  /(?:^|\/)conftest\.py$/,
  /_test\.go$/,
  /(?:^|\/)tests\/[^/]*\.rs$/,
];

/** Whether a path is test code by the usual conventions of JavaScript/TypeScript, Python, Go and Rust. */
export function isTestFile(path: string): boolean {
  return testPathPatterns.some((pattern) => pattern.test(path));
}
