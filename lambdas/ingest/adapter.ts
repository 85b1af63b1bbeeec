/**
 * The Lambda edge: API Gateway proxy event → IngestRequest → core → proxy result. Nothing else
 * happens here; in particular the event (which holds the body) is never logged.
 */
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import { handleIngestRequest, type IngestDeps } from '../../lib/ingest/handle-request.ts';
import type { IngestRequest } from '../../lib/ingest/ports.ts';
import { type AgentRoleIdentity, callerFromUserArn } from './caller-identity.ts';

/** A header by name, whatever case API Gateway (or a test) delivered it in. */
export function header(
  event: Pick<APIGatewayProxyEvent, 'headers' | 'multiValueHeaders'>,
  name: string,
): string | undefined {
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(event.headers ?? {})) {
    if (key.toLowerCase() === wanted && value !== undefined) return value;
  }
  for (const [key, values] of Object.entries(event.multiValueHeaders ?? {})) {
    if (key.toLowerCase() === wanted && values?.[0] !== undefined) return values[0];
  }
  return undefined;
}

export function toIngestRequest(
  event: APIGatewayProxyEvent,
  context: Pick<Context, 'awsRequestId'>,
  agent: AgentRoleIdentity,
  now = new Date(),
): IngestRequest {
  const body = event.body ?? '';
  return {
    contentType: header(event, 'content-type'),
    body: event.isBase64Encoded ? new Uint8Array(Buffer.from(body, 'base64')) : body,
    requestId: event.requestContext?.requestId ?? context.awsRequestId,
    receivedAt: now,
    // The caller is whoever signed the request, as API Gateway verified it; never the body.
    caller: callerFromUserArn(event.requestContext?.identity?.userArn, agent),
  };
}

export type ProxyHandler = (event: APIGatewayProxyEvent, context: Context) => Promise<APIGatewayProxyResult>;

/** A proxy handler over the core; `onRequest` lets the caller attach the Lambda context to its logger. */
export function createProxyHandler(
  deps: IngestDeps,
  agent: AgentRoleIdentity,
  onRequest?: (context: Context) => void,
): ProxyHandler {
  return async (event, context) => {
    onRequest?.(context);
    const response = await handleIngestRequest(toIngestRequest(event, context, agent), deps);
    return { statusCode: response.statusCode, headers: { ...response.headers }, body: response.body };
  };
}
