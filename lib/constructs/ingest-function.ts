import { join, posix, relative, win32 } from 'node:path';
import { ArnFormat, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as firehose from 'aws-cdk-lib/aws-kinesisfirehose';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { BUNDLED_DATA_FILES, bundledDataSourceDir } from '../bundled-data/files.ts';
import type { PseudonymWindow } from '../config.ts';
import type { PseudonymKey } from './pseudonym-key.ts';

export const POWERTOOLS_SERVICE_NAME = 'activity-ingest';
export const POWERTOOLS_METRICS_NAMESPACE = 'ActivityIngest';

export interface IngestFunctionProps {
  /** Repository root: holds `lambdas/ingest/handler.ts` and `package-lock.json`. */
  readonly projectRoot: string;
  readonly stream: firehose.IDeliveryStream;
  readonly pseudonymKey: PseudonymKey;
  /** The only role whose sessions may post; its session name is the employee id. */
  readonly agentRole: iam.IRole;
  /** Window in which pseudonyms link rows. @default 'day' */
  readonly pseudonymWindow?: PseudonymWindow;
  /** Most events per request. */
  readonly maxEvents: number;
  /** Largest request body, bytes. */
  readonly maxBodyBytes: number;
  /** Kept text over this many bytes is truncated. */
  readonly maxContentBytes: number;
  /** Domains redacted from kept text as internal. @default [] */
  readonly internalDomains?: readonly string[];
  /** Reserved concurrency: caps cost and Firehose/KMS load. @default 10 */
  readonly reservedConcurrency?: number;
  /** Memory in MiB. @default 512 */
  readonly memoryMiB?: number;
  /** Log retention of the function's log group. @default logs.RetentionDays.THREE_MONTHS */
  readonly logRetention?: logs.RetentionDays;
  /** Powertools log level. @default 'INFO' */
  readonly logLevel?: string;
  /**
   * Ship a source map (names only, no source text) and enable it: readable stack traces, at the
   * price of a larger asset and a slower cold start. @default false
   */
  readonly sourceMap?: boolean;
}

/** Where CDK runs the bundling commands: Docker's asset folders are always Linux. */
function bundlingPlatform(outputDir: string): NodeJS.Platform {
  return outputDir === '/asset-output' ? 'linux' : process.platform;
}

/**
 * Commands that copy the bundled data files (lib/bundled-data) into the asset's root. CDK runs
 * local bundling commands with `cmd /c` on Windows and `bash -c` elsewhere, so the copy command is
 * the one that shell knows.
 */
export function copyBundledData(
  sourceDir: string,
  outputDir: string,
  platform: NodeJS.Platform = bundlingPlatform(outputDir),
): string[] {
  const path = platform === 'win32' ? win32 : posix;
  const quote = (file: string) => `'${file.replace(/'/g, "'\\''")}'`;
  return BUNDLED_DATA_FILES.map((name) =>
    platform === 'win32'
      ? `copy /y "${path.join(sourceDir, name)}" "${path.join(outputDir, name)}"`
      : `cp ${quote(path.join(sourceDir, name))} ${quote(path.join(outputDir, name))}`,
  );
}

/**
 * The redacting ingest function. Its role may only write its own logs, call PutRecordBatch on the
 * stream and GenerateMac on the pseudonym key; it is the single principal the key policy exempts.
 */
export class IngestFunction extends Construct {
  readonly function: nodejs.NodejsFunction;
  readonly role: iam.Role;
  readonly logGroup: logs.LogGroup;
  /** The function's timeout (the latency alarm watches half of it). */
  readonly timeout = Duration.seconds(15);

  constructor(scope: Construct, id: string, props: IngestFunctionProps) {
    super(scope, id);
    this.logGroup = new logs.LogGroup(this, 'LogGroup', {
      retention: props.logRetention ?? logs.RetentionDays.THREE_MONTHS,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    // An explicit role without AWSLambdaBasicExecutionRole (logs:* on every group).
    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: 'activity-ingest function: own logs, PutRecordBatch, GenerateMac',
    });
    this.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        resources: [this.logGroup.logGroupArn],
      }),
    );

    this.function = new nodejs.NodejsFunction(this, 'Function', {
      entry: join(props.projectRoot, 'lambdas', 'ingest', 'handler.ts'),
      handler: 'handler',
      projectRoot: props.projectRoot,
      depsLockFilePath: join(props.projectRoot, 'package-lock.json'),
      runtime: lambda.Runtime.NODEJS_24_X,
      architecture: lambda.Architecture.ARM_64,
      memorySize: props.memoryMiB ?? 512,
      timeout: this.timeout,
      reservedConcurrentExecutions: props.reservedConcurrency ?? 10,
      role: this.role,
      logGroup: this.logGroup,
      loggingFormat: lambda.LoggingFormat.JSON,
      environment: {
        DELIVERY_STREAM_NAME: props.stream.deliveryStreamName,
        PSEUDONYM_KEY_ID: props.pseudonymKey.keyArn,
        PSEUDONYM_WINDOW: props.pseudonymWindow ?? 'day',
        // Callers must be sessions of this role in this account; the session name is the employee.
        AGENT_ROLE_NAME: props.agentRole.roleName,
        AGENT_ACCOUNT_ID: Stack.of(this).account,
        MAX_EVENTS: String(props.maxEvents),
        MAX_BODY_BYTES: String(props.maxBodyBytes),
        MAX_CONTENT_BYTES: String(props.maxContentBytes),
        INTERNAL_DOMAINS: (props.internalDomains ?? []).join(','),
        POWERTOOLS_SERVICE_NAME,
        POWERTOOLS_METRICS_NAMESPACE,
        POWERTOOLS_LOG_LEVEL: props.logLevel ?? 'INFO',
        ...(props.sourceMap ? { NODE_OPTIONS: '--enable-source-maps' } : {}),
      },
      bundling: {
        forceDockerBundling: false,
        minify: true,
        // Off unless asked for: the map was larger than the code it maps.
        sourceMap: props.sourceMap ?? false,
        // Source text stays out of the bundle's maps: stack traces need lines, not code.
        sourcesContent: false,
        format: nodejs.OutputFormat.ESM,
        target: 'node24',
        mainFields: ['module', 'main'],
        // The Node.js runtime ships AWS SDK v3; using it halves the bundle and the cold start
        // (`npm run bench` prints both variants). The function uses only long-stable calls (PutRecordBatch,
        // GenerateMac), so the runtime's SDK version does not matter to it.
        bundleAwsSDK: false,
        // CommonJS dependencies bundled into an ES module still call require().
        banner:
          "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);",
        // The data files the code reads at start (name lists, public suffixes), beside index.mjs.
        commandHooks: {
          beforeBundling: () => [],
          beforeInstall: () => [],
          afterBundling: (inputDir, outputDir) =>
            copyBundledData(join(inputDir, relative(props.projectRoot, bundledDataSourceDir())), outputDir),
        },
      },
    });

    // PutRecordBatch only: the function always sends batches; PutRecord is not needed.
    props.stream.grant(this.role, 'firehose:PutRecordBatch');
    props.pseudonymKey.grantGenerateMac(this.role);
  }

  /** ARNs that cover the log group and its streams, for explicit Denies. */
  get logArns(): string[] {
    const stack = Stack.of(this);
    const group = stack.formatArn({
      service: 'logs',
      resource: 'log-group',
      resourceName: this.logGroup.logGroupName,
      arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    });
    return [group, `${group}:*`];
  }
}
