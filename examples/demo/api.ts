/** The JSON the two services exchange, validated where it enters a service. */
import { z } from 'zod';

export const QuestionSchema = z.object({ question: z.string().min(1) });
export const AnswerSchema = z.object({ answer: z.string() });
/** What the app answers its caller: the answer and the trace it was produced in. */
export const TripAnswerSchema = AnswerSchema.extend({ traceparent: z.string().optional() });
