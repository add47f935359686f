import { z } from 'zod';
import { Id, RequiredText } from './common.ts';

export const Note = z
  .object({
    id: Id,
    title: z.string(),
    /** Collaborative document name to open with the collab provider. */
    document: z.string(),
    createdBy: z.string(),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
  })
  .meta({ id: 'Note' });

export const CreateNoteInput = z.strictObject({ title: RequiredText(200) }).meta({ id: 'CreateNoteInput' });
export const UpdateNoteInput = CreateNoteInput.meta({ id: 'UpdateNoteInput' });
