import { RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { API_STAGE, DEFAULT_RETRY_AFTER_SECONDS, EVENTS_ROUTE } from '../api/contract.ts';
import { envelopeJsonSchema } from '../schema/index.ts';
import { GATEWAY_ERRORS } from './api-errors.ts';
import { toApiGatewaySchema } from './api-json-schema.ts';

/**
 * Access-log fields: what happened to which request, never who sent it or what it said. Caller ARN,
 * source IP and user agent are left out so the log cannot become a per-employee activity timeline.
 */
export const ACCESS_LOG_FIELDS = {
  requestId: '$context.requestId',
  requestTime: '$context.requestTimeEpoch',
  httpMethod: '$context.httpMethod',
  resourcePath: '$context.resourcePath',
  status: '$context.status',
  protocol: '$context.protocol',
  responseLength: '$context.responseLength',
  responseLatency: '$context.responseLatency',
  integrationLatency: '$context.integrationLatency',
  integrationStatus: '$context.integrationStatus',
  errorType: '$context.error.responseType',
} as const;

export interface IngestApiProps {
  readonly handler: lambda.IFunction;
  /** Most events per request, enforced by the request model. */
  readonly maxEvents: number;
  /** Stage steady-state rate limit, requests per second. @default 50 */
  readonly throttleRateLimit?: number;
  /** Stage burst limit, requests. @default 100 */
  readonly throttleBurstLimit?: number;
  /** Retention of the access log group. @default logs.RetentionDays.THREE_MONTHS */
  readonly logRetention?: logs.RetentionDays;
  /** Create the account's API Gateway CloudWatch role (needed for execution logs). @default true */
  readonly cloudWatchRole?: boolean;
}

/**
 * Regional REST API with exactly one route, `POST /v1/events`: SigV4 (AWS_IAM) auth, body and header
 * validation against the schema-derived model, JSON gateway errors, stage throttling, access logs
 * without bodies, execution logs at ERROR with data tracing off (it would log bodies).
 */
export class IngestApi extends Construct {
  readonly api: apigw.RestApi;
  readonly accessLogGroup: logs.LogGroup;
  readonly model: apigw.Model;

  constructor(scope: Construct, id: string, props: IngestApiProps) {
    super(scope, id);
    this.accessLogGroup = new logs.LogGroup(this, 'AccessLogs', {
      retention: props.logRetention ?? logs.RetentionDays.THREE_MONTHS,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    const cloudWatchRole = props.cloudWatchRole ?? true;
    this.api = new apigw.RestApi(this, 'Api', {
      restApiName: 'activity-ingest',
      description: 'activity-ingest: agents POST batches of activity events (SigV4)',
      endpointTypes: [apigw.EndpointType.REGIONAL],
      cloudWatchRole,
      // The role is account-wide: deleting this stack must not break other APIs' logging.
      cloudWatchRoleRemovalPolicy: RemovalPolicy.RETAIN,
      deployOptions: {
        stageName: API_STAGE,
        throttlingRateLimit: props.throttleRateLimit ?? 50,
        throttlingBurstLimit: props.throttleBurstLimit ?? 100,
        loggingLevel: apigw.MethodLoggingLevel.ERROR,
        dataTraceEnabled: false,
        metricsEnabled: true,
        accessLogDestination: new apigw.LogGroupLogDestination(this.accessLogGroup),
        accessLogFormat: apigw.AccessLogFormat.custom(JSON.stringify(ACCESS_LOG_FIELDS)),
      },
    });
    if (cloudWatchRole) {
      Validations.of(this.api.node.findChild('CloudWatchRole')).acknowledge({
        id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs]',
        reason:
          'The account-wide API Gateway logging role; AmazonAPIGatewayPushToCloudWatchLogs is the policy ' +
          'AWS documents for it and only allows writing CloudWatch logs.',
      });
    }
    Validations.of(this.api).acknowledge(
      {
        id: 'AwsSolutions-APIG3',
        reason:
          'Only SigV4-signed requests of principals holding the agent policy reach the function; stage ' +
          'throttling bounds volume. A WAF web ACL can be attached per deployment if required.',
      },
      {
        id: 'AwsSolutions-COG4',
        reason: 'Callers are device agents with IAM credentials; the method uses AWS_IAM authorization.',
      },
    );

    this.model = this.api.addModel('EventBatch', {
      contentType: 'application/json',
      modelName: 'EventBatch',
      description: 'Derived from envelopeJsonSchema() in lib/schema',
      schema: toApiGatewaySchema(envelopeJsonSchema({ maxEvents: props.maxEvents })),
    });
    const validator = this.api.addRequestValidator('BodyAndParameters', {
      validateRequestBody: true,
      validateRequestParameters: true,
    });

    const segments = EVENTS_ROUTE.split('/').filter((s) => s !== '');
    const resource = segments.reduce<apigw.IResource>(
      (parent, part) => parent.addResource(part),
      this.api.root,
    );
    resource.addMethod(
      'POST',
      new apigw.LambdaIntegration(props.handler, { proxy: true, allowTestInvoke: false }),
      {
        authorizationType: apigw.AuthorizationType.IAM,
        requestValidator: validator,
        // Without a JSON content type API Gateway would not apply the model at all.
        requestParameters: { 'method.request.header.Content-Type': true },
        requestModels: { 'application/json': this.model },
      },
    );

    for (const [type, error] of GATEWAY_ERRORS) {
      this.api.addGatewayResponse(`${error.name}Response`, {
        type,
        ...(error.status === undefined ? {} : { statusCode: String(error.status) }),
        responseHeaders: error.retry ? { 'Retry-After': `'${DEFAULT_RETRY_AFTER_SECONDS}'` } : {},
        templates: { 'application/json': error.body },
      });
    }
  }

  /** The full URL of the route, e.g. https://…/prod/v1/events. */
  get eventsUrl(): string {
    return this.api.urlForPath(EVENTS_ROUTE);
  }

  /** `execute-api` ARN of `POST /v1/events` on the deployed stage. */
  get eventsMethodArn(): string {
    return this.api.arnForExecuteApi('POST', EVENTS_ROUTE, API_STAGE);
  }
}
