import { roles, type Role } from '#schema/roles.ts';
import { formatDateTime, t, type MessageKey } from './i18n.ts';

/** Entities that appear in the audit log (model names), with labels; unknown ones show as they are. */
export const knownEntities = ['Tenant', 'Membership', 'User', 'Invitation', 'Note', 'CollabDocument', 'Session', 'PasswordReset'];
export const knownActions = ['insert', 'update', 'delete', 'edit', 'login', 'logout', 'login_failed'];

const entityKeys: Record<string, MessageKey> = {
  Tenant: 'audit.entities.Tenant',
  Membership: 'audit.entities.Membership',
  User: 'audit.entities.User',
  Invitation: 'audit.entities.Invitation',
  Note: 'audit.entities.Note',
  CollabDocument: 'audit.entities.CollabDocument',
  Session: 'audit.entities.Session',
  PasswordReset: 'audit.entities.PasswordReset',
};

export function entityLabel(entity: string): string {
  const key = entityKeys[entity];
  return key ? t(key) : entity;
}

export function actionLabel(action: string): string {
  return knownActions.includes(action) ? t(`audit.actions.${action}` as MessageKey) : action;
}

/** Field names as people read them; unknown fields keep their technical name. */
export function fieldLabel(field: string): string {
  const key = `audit.fields.${field}` as MessageKey;
  const label = t(key);
  return label === key ? field : label;
}

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * A stored value as short readable text: roles by their names, people by their names (from
 * `names`, id → name), instants in the association's time zone, everything else as it is.
 */
export function formatValue(value: unknown, field: string, names: Map<string, string>): string {
  if (value === null || value === undefined || value === '') return '—';
  if (typeof value === 'string') {
    if (field === 'role' && (roles as readonly string[]).includes(value)) return t(`roles.${value as Role}`);
    if (field === 'locale' && value === 'en') return 'English';
    if (field === 'locale' && value === 'zh-CN') return '中文';
    if (UUID.test(value) && names.has(value)) return names.get(value)!;
    if (ISO.test(value)) return formatDateTime(value, { seconds: true });
    return value;
  }
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return value.map((v) => formatValue(v, field, names)).join('、');
  return JSON.stringify(value);
}
