#!/usr/bin/env node
// The built CLI lives in dist/ (npm install runs the build through `prepare`).
const args = process.argv.slice(2);
if (args.length === 1 && (args[0] === '--version' || args[0] === '-V')) {
  // Answered before the command tree loads: `gameday --version` costs Node's start alone.
  const { VERSION } = await import('../dist/src/cli/version.js');
  process.stdout.on('error', () => undefined); // a closed pipe is not our error
  process.stdout.write(`${VERSION}\n`);
} else {
  // `fault` and `heal` as people type them skip commander (src/cli/fast.ts); the rest, and
  // GAMEDAY_FAST_PATH=0 (tests comparing both paths), go through the command tree.
  const fast =
    (args[0] === 'fault' || args[0] === 'heal') && process.env.GAMEDAY_FAST_PATH !== '0'
      ? await import('../dist/src/cli/fast.js')
      : undefined;
  const parsed = fast?.parseFast(args);
  if (fast && parsed) {
    process.exitCode = await fast.runFast(parsed);
  } else {
    const { main } = await import('../dist/src/cli/main.js');
    process.exitCode = await main(process.argv);
  }
}
