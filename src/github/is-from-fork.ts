/**
 * A pull request's head branch lives in another repository (a fork, or one since deleted, whose
 * head repository GitHub then sends as null). Its code is untrusted and Quorum never pushes to it.
 */
export function isFromFork(headRepository: string | undefined, baseRepository: string): boolean {
  return headRepository === undefined || headRepository.toLowerCase() !== baseRepository.toLowerCase();
}
