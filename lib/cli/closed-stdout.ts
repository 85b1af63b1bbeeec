/**
 * `npm run query -- … | head` closes the pipe early: that is the reader's choice, not a failure
 * worth a stack trace. Command-line tools call this once at start.
 */
export function exitQuietlyWhenStdoutCloses(): void {
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw err;
  });
}
