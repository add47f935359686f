import type { z } from 'zod';
import type { Application as A, Assignment as S, Call as C, DrawVerification as V, DrawView as D } from '#schema/reviews/api.ts';

export type Call = z.infer<typeof C>;
export type Application = z.infer<typeof A>;
export type Draw = z.infer<typeof D>;
export type Verification = z.infer<typeof V>;
export type Assignment = z.infer<typeof S>;
