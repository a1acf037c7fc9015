import { reportTaskHandler } from './report-task-handler';

/**
 * The report's RefreshMarts and CheckRefresh: submit the market history + marts refresh as one transaction (returns
 * a statement id), or, while it runs, one DescribeStatement of it — one function, the owner of its statements.
 */
export const handler = reportTaskHandler('refresh-marts');
