import { z } from 'zod';

/** Where an object lives: the same shape for S3 and the offline filesystem store. */
export const ObjectRefSchema = z.object({
  bucket: z.string().min(3).max(63),
  key: z.string().min(1).max(1024),
});
export type ObjectRef = z.infer<typeof ObjectRefSchema>;
