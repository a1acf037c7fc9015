// TEMP infra placeholder (not committed): lets sls package run until the real scrape handler lands.
export const handler = async (event: unknown): Promise<unknown> => event;
