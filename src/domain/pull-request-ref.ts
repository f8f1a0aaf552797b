/** Everything a worker needs to find a pull request again, as plain data that survives Redis. */
export interface PullRequestRef {
  readonly owner: string;
  readonly repo: string;
  readonly pullNumber: number;
  readonly headSha: string;
  readonly baseSha: string;
  readonly installationId: number;
}
