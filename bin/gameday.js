#!/usr/bin/env node
// The built CLI lives in dist/ (npm install runs the build through `prepare`).
import { main } from '../dist/src/cli/main.js';

main(process.argv).then((code) => {
  process.exitCode = code;
});
