import { reportTaskHandler } from './report-task-handler';

/** The report's RefreshMarts: submit the market history + marts refresh as one transaction (returns a statement id). */
export const handler = reportTaskHandler('refresh-marts');

/** The report's CheckRefresh: one DescribeStatement of the refresh (serverless.yml: function refresh-marts-status). */
export const statusHandler = reportTaskHandler('refresh-marts-status');
