import { ApiClient, loginAs, type TestServer } from '../../testing/harness.ts';

/** A new expert account in the demo association (invited by its admin), with a profile of its own. */
export async function newExpert(server: TestServer, email: string, profile: { name: string; fieldTags: string[]; employer?: string }) {
  const admin = await loginAs(server, 'admin@demo.test');
  const inv = await admin.post('/api/v1/invitations', { email, role: 'expert' });
  if (inv.status !== 201) throw new Error(`invitation failed: ${JSON.stringify(inv.body)}`);
  const mail = [...server.services.mailer.recent].reverse().find((m) => m.to === email);
  const token = /token=([A-Za-z0-9_-]+)/.exec(mail?.text ?? '')?.[1];
  if (!token) throw new Error(`no invitation mail to ${email}`);
  const client = new ApiClient(server.url);
  const accepted = await client.post('/api/v1/invitations/accept', { token, name: profile.name, password: 'welcome-123' });
  if (accepted.status !== 200) throw new Error(`accept failed: ${JSON.stringify(accepted.body)}`);
  const saved = await client.request('PUT', '/api/v1/experts/me', profile);
  if (saved.status !== 200) throw new Error(`profile failed: ${JSON.stringify(saved.body)}`);
  return { client, expertId: saved.body.id as string, userId: saved.body.userId as string };
}
