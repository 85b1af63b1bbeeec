import * as apigw from 'aws-cdk-lib/aws-apigateway';
import { type ErrorResponse, EVENTS_ROUTE, STATUS } from '../api/contract.ts';

export interface GatewayError {
  /** Used in the construct id. */
  readonly name: string;
  /** Status code; unset keeps API Gateway's own (for the DEFAULT_* catch-alls). */
  readonly status: number | undefined;
  /** VTL template of the JSON body: the contract's ErrorResponse shape. */
  readonly body: string;
  /** Whether the agent should retry later (adds Retry-After). */
  readonly retry: boolean;
}

// Messages are fixed strings: API Gateway's own validation text can quote the offending value,
// and the contract promises errors name fields and rules, never values.
function error(
  name: string,
  status: number | undefined,
  code: ErrorResponse['error']['code'],
  message: string,
  retry = false,
) {
  const body: ErrorResponse = { error: { code, message }, request_id: '$context.requestId' };
  return { name, status, body: JSON.stringify(body), retry } satisfies GatewayError;
}

const ROUTE = `POST ${EVENTS_ROUTE}`;
const AUTH = `sign the request with SigV4 as a principal holding the agent policy (${ROUTE})`;

/** JSON bodies for every error API Gateway answers itself, before the function runs. */
export const GATEWAY_ERRORS: ReadonlyArray<readonly [apigw.ResponseType, GatewayError]> = [
  [
    apigw.ResponseType.BAD_REQUEST_BODY,
    error(
      'BadRequestBody',
      STATUS.badRequest,
      'invalid_envelope',
      'the body does not match the ActivityEventBatch schema (employee_id, agent, events[1..maxEvents])',
    ),
  ],
  [
    apigw.ResponseType.BAD_REQUEST_PARAMETERS,
    error(
      'BadRequestParameters',
      STATUS.badRequest,
      'unsupported_media_type',
      'the Content-Type header is required and must be application/json',
    ),
  ],
  [
    apigw.ResponseType.UNSUPPORTED_MEDIA_TYPE,
    error(
      'UnsupportedMediaType',
      STATUS.unsupportedMediaType,
      'unsupported_media_type',
      'send application/json',
    ),
  ],
  [
    apigw.ResponseType.REQUEST_TOO_LARGE,
    error(
      'RequestTooLarge',
      STATUS.tooLarge,
      'payload_too_large',
      'the request body is too large; send fewer events',
    ),
  ],
  [
    apigw.ResponseType.ACCESS_DENIED,
    error('AccessDenied', STATUS.forbidden, 'forbidden', `the caller may not invoke this route; ${AUTH}`),
  ],
  // REST APIs also answer unknown routes and methods with this type.
  [
    apigw.ResponseType.MISSING_AUTHENTICATION_TOKEN,
    error(
      'MissingAuthenticationToken',
      STATUS.forbidden,
      'forbidden',
      `unsigned request or unknown route; the only route is ${ROUTE}; ${AUTH}`,
    ),
  ],
  [
    apigw.ResponseType.INVALID_SIGNATURE,
    error('InvalidSignature', STATUS.forbidden, 'forbidden', `the SigV4 signature does not match; ${AUTH}`),
  ],
  [
    apigw.ResponseType.EXPIRED_TOKEN,
    error(
      'ExpiredToken',
      STATUS.forbidden,
      'forbidden',
      'the security token has expired; refresh credentials',
    ),
  ],
  [
    apigw.ResponseType.THROTTLED,
    error('Throttled', 429, 'unavailable', 'rate limit exceeded; retry after the Retry-After delay', true),
  ],
  [
    apigw.ResponseType.QUOTA_EXCEEDED,
    error('QuotaExceeded', 429, 'unavailable', 'quota exceeded; retry after the Retry-After delay', true),
  ],
  [
    apigw.ResponseType.INTEGRATION_TIMEOUT,
    error('IntegrationTimeout', 504, 'unavailable', 'the ingest function timed out; retry the batch', true),
  ],
  [
    apigw.ResponseType.DEFAULT_4XX,
    error(
      'Default4xx',
      undefined,
      'forbidden',
      'request rejected by API Gateway: $context.error.responseType',
    ),
  ],
  [
    apigw.ResponseType.DEFAULT_5XX,
    error('Default5xx', undefined, 'unavailable', 'temporarily unavailable; retry the batch', true),
  ],
];
