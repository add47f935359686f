/**
 * Node flags the server runs with (npm start, the Dockerfile, and every test or benchmark that
 * spawns server/main.ts). PGlite is a large WebAssembly module: V8's optimising tier (TurboFan)
 * recompiles its hot functions in the background, which on a small machine costs seconds of CPU at
 * start and roughly doubles the process's memory, without making queries faster here. The baseline
 * compiler alone keeps the embedded database lean. V8 freezes its flags at start, so this must be
 * given on the command line; with PostgreSQL it only touches Prisma's small query compiler.
 *
 * A young generation of 8 MB per semi-space: V8's default grows it to tens of MB that an idle
 * server keeps resident. 4 MB saved a few more MB at start but, under 200 requests a second,
 * promoted short-lived request objects to the old generation, and its collections doubled the
 * members list's p99 (51 ms against 27 ms with 8 MB; bench/members.bench.ts).
 */
export const serverNodeFlags = ['--liftoff-only', '--max-semi-space-size=8'];
