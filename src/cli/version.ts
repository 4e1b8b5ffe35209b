// The version `gameday --version` prints; a module of its own so that bin/gameday.js answers
// `--version` before loading the command tree (a fast CLI, issue 17).
export const VERSION = process.env.npm_package_version ?? '0.1.0';
