import type { Editor } from '@tiptap/core';
import type { MessageKey } from '#lib/i18n.ts';

/** A toolbar button of a collaborative editor ('sep' draws a divider). */
export type Tool = { key: MessageKey; label: string; run: (e: Editor) => void; active?: (e: Editor) => boolean } | 'sep';
