import { z } from 'zod';
import { ExportResultSchema } from '../export/contracts';

/** The Notify task's input: Export's result, optionally who to send to and for how many days the link works. */
export const NotifyInputSchema = ExportResultSchema.extend({
  /** Recipients for this run (`xecu report --email …`); default: the stage's sales list. */
  email: z.array(z.email()).min(1).max(50).optional(),
  linkDays: z.number().int().min(1).max(30).optional(),
}).loose();
export type NotifyInput = z.infer<typeof NotifyInputSchema>;

/** What Notify returns. Never the link or its token: a bearer credential has no place in execution history. */
export const NotifyResultSchema = z.object({
  messageId: z.string(),
  deliveredTo: z.string(),
  recipients: z.number().int().positive(),
  linkDays: z.number().int().positive(),
  linkExpiresAt: z.iso.datetime(),
});
export type NotifyResult = z.infer<typeof NotifyResultSchema>;
