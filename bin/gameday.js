#!/usr/bin/env node
// The built CLI lives in dist/ (npm install runs the build through `prepare`).
const args = process.argv.slice(2);
if (args.length === 1 && (args[0] === '--version' || args[0] === '-V')) {
  // Answered before the command tree loads: `gameday --version` costs Node's start alone.
  const { VERSION } = await import('../dist/src/cli/version.js');
  process.stdout.on('error', () => undefined); // a closed pipe is not our error
  process.stdout.write(`${VERSION}\n`);
} else {
  const { main } = await import('../dist/src/cli/main.js');
  process.exitCode = await main(process.argv);
}
