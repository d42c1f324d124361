/** zod issues as one readable line, for result explanations and error messages. */
import type { z } from 'zod';
import { fieldIssues } from '../errors.js';

export function issuesText(error: z.ZodError): string {
  return fieldIssues(error)
    .map((i) => `${i.path || '(root)'}: ${i.message}`)
    .join('; ');
}
