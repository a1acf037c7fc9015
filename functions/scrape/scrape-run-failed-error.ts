/** The scrape did not finish (site down, too many failed pages, upload failed): Step Functions and Airflow see a failure. */
export class ScrapeRunFailedError extends Error {
  override readonly name = 'ScrapeRunFailedError';
  constructor(
    readonly runId: string,
    reason: string,
  ) {
    super(`scrape run ${runId} failed: ${reason}`);
  }
}
