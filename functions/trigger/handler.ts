// Placeholder while the step is written; replaced by the real thin handler.
export const handler = async (event: unknown): Promise<unknown> => event;
