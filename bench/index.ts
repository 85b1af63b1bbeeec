// `npm run bench`: every benchmark in one run, so ratios are measured side by side on the same machine state.
// The SDK's Node 20 deprecation notice would interleave with the figures.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const suites = [
  './scrub.ts',
  './directory.ts',
  './handler.ts',
  './preview.ts',
  './bundle-size.ts',
  './local-e2e.ts',
] as const;

for (const suite of suites) {
  const { run } = (await import(suite)) as { run: () => Promise<void> };
  console.log(`\n=== ${suite.replace(/^\.\/|\.ts$/g, '')} ===`);
  await run();
}
