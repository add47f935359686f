import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginAs, startTestServer, type TestServer } from '../../testing/harness.ts';
import { makeAttendees, meetingBody } from './testing.ts';

// On PostgreSQL (npm run test:services), where registrations really run in parallel on a pool of
// connections; meetings.test.ts proves the same on the embedded database.
// Two app instances on one database: each queues its own requests, so only the database's row lock
// keeps them from overbooking together.
let server: TestServer;
let second: TestServer;
beforeAll(async () => {
  server = await startTestServer();
  second = await startTestServer({}, { db: server.services.db });
});
afterAll(async () => {
  await second?.stop();
  await server?.stop();
});

describe('meeting capacity on PostgreSQL', () => {
  it('confirms exactly the capacity out of 200 concurrent registrations on two instances, and refills seats from the waitlist in order', async () => {
    const staff = await loginAs(server, 'secretariat@demo.test');
    const m = (await staff.post('/api/v1/meetings', meetingBody({ capacity: 37 }))).body;
    const people = await makeAttendees(server, 'demo', 200);
    // Every other person goes through the second instance.
    people.forEach((p, i) => {
      if (i % 2) (p as { base: string }).base = second.url;
    });
    const results = await Promise.all(people.map((p) => p.post(`/api/v1/meetings/${m.id}/registration`, {})));
    expect(results.map((r) => r.status).filter((s) => s !== 201)).toEqual([]);
    const confirmed = results.flatMap((r, i) => (r.body.status === 'confirmed' ? [people[i]] : []));
    expect(confirmed).toHaveLength(37);
    // Ten cancel at once: exactly the first ten in line move up, and the capacity still holds.
    const firstInLine = results.flatMap((r, i) => (r.body.status === 'waitlisted' && r.body.waitlistPosition <= 10 ? [people[i]] : []));
    expect(firstInLine).toHaveLength(10);
    await Promise.all(confirmed.slice(0, 10).map((p) => p.delete(`/api/v1/meetings/${m.id}/registration`)));
    const counts = (await staff.get(`/api/v1/meetings/${m.id}/registrations`)).body.counts;
    expect(counts).toMatchObject({ confirmed: 37, waitlisted: 153 });
    const promoted = await Promise.all(firstInLine.map((p) => p.get(`/api/v1/meetings/${m.id}`)));
    expect(promoted.map((r) => r.body.mine.status)).toEqual(Array(10).fill('confirmed'));
  }, 120_000);
});
