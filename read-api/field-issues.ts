import type { z } from 'zod';

/** zod's issues as one entry per field under `prefix` (query or path); unknown parameters by their own name. */
export const fieldIssues = (error: z.ZodError, prefix: string) =>
  error.issues.flatMap((issue) => {
    const at = [prefix, ...issue.path.map(String)];
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({ path: [...at, key].join('.'), message: 'unknown parameter' }));
    }
    return [{ path: at.join('.'), message: issue.message }];
  });
