// Placeholder until the redacting core lands: answers 503 and forwards nothing.
export const handler = async () => ({
  statusCode: 503,
  headers: { 'content-type': 'application/json', 'retry-after': '60' },
  body: JSON.stringify({ error: { code: 'unavailable', message: 'ingest is not enabled yet' } }),
});
