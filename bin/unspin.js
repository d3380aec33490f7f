#!/usr/bin/env node
// The installed entry point: runs the compiled CLI, reporting any failure in one line.
import { main } from '../dist/cli/main.js';

// A reader that stops early (`unspin check ... | head`) is not an error.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error) => {
    if (error && error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  });
}

const io = { stdout: process.stdout, stderr: process.stderr, env: process.env };
main(process.argv.slice(2), io).then(
  (code) => { process.exitCode = code; },
  (error) => {
    process.stderr.write(`unspin: internal error: ${String((error && error.message) || error).split('\n')[0]}\n`);
    process.exitCode = 2;
  },
);
