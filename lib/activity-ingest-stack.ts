import { join } from 'node:path';
import { CfnOutput, Stack, type StackProps, Validations } from 'aws-cdk-lib';
import type * as logs from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { DEFAULT_CONFIG, type IngestConfig } from './config.ts';
import { Access } from './constructs/access.ts';
import { AgentIdentity } from './constructs/agent-identity.ts';
import { Analytics } from './constructs/analytics.ts';
import { IngestApi } from './constructs/api.ts';
import type { CatalogArns } from './constructs/arns.ts';
import { Catalog } from './constructs/catalog.ts';
import { CollectionNotice } from './constructs/collection-notice.ts';
import { Delivery } from './constructs/delivery.ts';
import { IngestFunction } from './constructs/ingest-function.ts';
import { Observability } from './constructs/observability.ts';
import { PeopleDirectory } from './constructs/people-directory.ts';
import { PrivacyGuards } from './constructs/privacy-guards.ts';
import { PseudonymKey } from './constructs/pseudonym-key.ts';
import { ReleaseJob } from './constructs/release-job.ts';
import { ReleasedCatalog } from './constructs/released-catalog.ts';
import { Storage } from './constructs/storage.ts';
import { noticeSettings } from './notice/settings.ts';

export interface ActivityIngestStackProps extends StackProps {
  /** Validated configuration (see `configFromContext`). @default DEFAULT_CONFIG */
  readonly config?: IngestConfig;
  /** Repository root: the function's entry, the lock file and `queries/` are found from here. */
  readonly projectRoot: string;
}

/**
 * API Gateway → redacting Lambda → Firehose → raw Parquet in S3 → daily release (Athena) → the
 * released table trainers query with Athena, with its access model.
 */
export class ActivityIngestStack extends Stack {
  readonly config: IngestConfig;
  readonly storage: Storage;
  readonly pseudonymKey: PseudonymKey;
  readonly agents: AgentIdentity;
  readonly catalog: Catalog;
  readonly releasedCatalog: ReleasedCatalog;
  readonly release: ReleaseJob;
  readonly delivery: Delivery;
  readonly ingest: IngestFunction;
  readonly api: IngestApi;
  readonly analytics: Analytics;
  readonly access: Access;
  /** The people directory object, when `directoryObjectKey` is set. */
  readonly peopleDirectory: PeopleDirectory | undefined;
  readonly observability: Observability;
  readonly privacyGuards: PrivacyGuards;
  /** The employees' collection notice, rendered from this configuration and published privately. */
  readonly notice: CollectionNotice;

  constructor(scope: Construct, id: string, props: ActivityIngestStackProps) {
    super(scope, id, props);
    const config = props.config ?? DEFAULT_CONFIG;
    this.config = config;
    const logRetention = config.logRetentionDays as logs.RetentionDays;

    const storage = new Storage(this, 'Storage', {
      retentionDays: config.retentionDays,
      errorRetentionDays: config.errorRetentionDays,
      noncurrentVersionDays: config.noncurrentVersionDays,
      resultsRetentionDays: config.resultsRetentionDays,
    });
    const pseudonymKey = new PseudonymKey(this, 'PseudonymKey');
    const catalog = new Catalog(this, 'Catalog', {
      dataBucket: storage.dataBucket,
      databaseName: config.databaseName,
      projectionStartDate: config.projectionStartDate,
    });
    const releasedCatalog = new ReleasedCatalog(this, 'ReleasedCatalog', {
      dataBucket: storage.dataBucket,
      database: catalog.database,
      databaseName: catalog.databaseName,
      projectionStartDate: config.projectionStartDate,
    });
    const delivery = new Delivery(this, 'Delivery', {
      bucket: storage.dataBucket,
      dataKey: storage.dataKey,
      table: catalog.table,
      bufferSizeMiB: config.bufferSizeMiB,
      bufferIntervalSeconds: config.bufferIntervalSeconds,
      logRetention,
    });
    const agents = new AgentIdentity(this, 'Agents', {
      ...(config.agentTrustAnchorArn ? { trustAnchorArn: config.agentTrustAnchorArn } : {}),
      brokerPrincipalArns: config.agentBrokerPrincipals,
    });
    const ingest = new IngestFunction(this, 'Ingest', {
      projectRoot: props.projectRoot,
      stream: delivery.stream,
      pseudonymKey,
      agentRole: agents.role,
      pseudonymWindow: config.pseudonymWindow,
      maxEvents: config.maxEvents,
      maxBodyBytes: config.maxBodyBytes,
      maxContentBytes: config.maxContentBytes,
      internalDomains: config.internalDomains,
      reservedConcurrency: config.reservedConcurrency,
      memoryMiB: config.memoryMiB,
      logRetention,
      logLevel: config.logLevel,
      sourceMap: config.functionSourceMap,
    });
    const peopleDirectory =
      config.directoryObjectKey === ''
        ? undefined
        : new PeopleDirectory(this, 'PeopleDirectory', {
            bucket: storage.dataBucket,
            objectKey: config.directoryObjectKey,
            refreshMinutes: config.directoryRefreshMinutes,
          });
    peopleDirectory?.grantLoad(ingest);
    const api = new IngestApi(this, 'Api', {
      handler: ingest.function,
      maxEvents: config.maxEvents,
      throttleRateLimit: config.throttleRateLimit,
      throttleBurstLimit: config.throttleBurstLimit,
      logRetention,
      cloudWatchRole: config.apiCloudWatchRole,
    });
    const analytics = new Analytics(this, 'Analytics', {
      workgroupName: config.workgroupName,
      databaseName: catalog.databaseName,
      resultsBucket: storage.resultsBucket,
      resultsKey: storage.dataKey,
      queriesDir: join(props.projectRoot, 'queries'),
      bytesScannedCutoff: config.bytesScannedCutoffMiB * 1024 * 1024,
    });
    analytics.node.addDependency(catalog, releasedCatalog);
    // What the release job reads and writes, and what trainers read or are denied, in the catalog.
    const glueArns: CatalogArns = {
      catalog: catalog.arns.catalog,
      database: catalog.arns.database,
      rawTable: catalog.arns.table,
      releasedTable: releasedCatalog.arns.released,
      reportTable: releasedCatalog.arns.report,
    };
    const release = new ReleaseJob(this, 'Release', {
      dataBucket: storage.dataBucket,
      resultsBucket: storage.resultsBucket,
      dataKey: storage.dataKey,
      databaseName: catalog.databaseName,
      glue: glueArns,
      workgroupName: config.releaseWorkgroupName,
      settings: {
        minContributors: config.releaseMinContributors,
        minSessionEvents: config.releaseMinSessionEvents,
      },
      logRetention,
    });
    release.node.addDependency(catalog, releasedCatalog);
    const access = new Access(this, 'Access', {
      eventsMethodArn: api.eventsMethodArn,
      agentRole: agents.role,
      trainerPrincipals: config.trainerPrincipals,
      workgroupArn: analytics.workgroupArn,
      glue: glueArns,
      releaseJobArns: [release.stateMachineArn, release.executionsArn],
      dataBucket: storage.dataBucket,
      resultsBucket: storage.resultsBucket,
      dataKey: storage.dataKey,
      pseudonymKeyArn: pseudonymKey.keyArn,
      ingestLogArns: ingest.logArns,
      ingestFunctionArn: ingest.function.functionArn,
    });

    const observability = new Observability(this, 'Observability', {
      api: api.api,
      function: ingest.function,
      deliveryStreamName: delivery.stream.deliveryStreamName,
      releaseMetrics: release.metrics,
      trainingWorkgroupName: analytics.workgroupName,
      releaseWorkgroupName: config.releaseWorkgroupName,
      alarmEmail: config.alarmEmail,
      functionTimeout: ingest.timeout,
      reservedConcurrency: config.reservedConcurrency,
      bufferIntervalSeconds: config.bufferIntervalSeconds,
      otherAlarms: [release.failedAlarm, release.missingAlarm],
    });
    const privacyGuards = new PrivacyGuards(this, 'PrivacyGuards', {
      topic: observability.topic,
      pseudonymKeyArn: pseudonymKey.keyArn,
      ingestFunction: ingest.function,
      dataBucket: storage.dataBucket,
      roles: [ingest.role, release.role, access.trainerRole, agents.role],
      releaseStateMachineArn: release.stateMachine.stateMachineArn,
    });

    const notice = new CollectionNotice(this, 'CollectionNotice', {
      settings: noticeSettings(config),
      accessLogBucket: storage.accessLogBucket,
      logRetention,
      noncurrentVersionDays: config.noncurrentVersionDays,
    });

    // The Firehose L2 always emits its service CIDR-block mapping; only VPC-bound destinations use it.
    Validations.of(this).acknowledge({
      id: 'CloudFormation-Validate::W7001',
      reason:
        'Unused Firehose CIDR-block mapping emitted by the aws-kinesisfirehose L2; harmless and not deployable-relevant.',
    });

    this.storage = storage;
    this.pseudonymKey = pseudonymKey;
    this.agents = agents;
    this.catalog = catalog;
    this.releasedCatalog = releasedCatalog;
    this.release = release;
    this.delivery = delivery;
    this.ingest = ingest;
    this.api = api;
    this.analytics = analytics;
    this.access = access;
    this.peopleDirectory = peopleDirectory;
    this.observability = observability;
    this.privacyGuards = privacyGuards;
    this.notice = notice;

    const output = (id: string, value: string, description: string) =>
      new CfnOutput(this, id, { value, description });
    output('EventsUrl', api.eventsUrl, 'POST activity batches here (SigV4, service execute-api)');
    output(
      'AgentRoleArn',
      agents.role.roleArn,
      'Devices call the API with sessions of this role; the role session name must be the employee id',
    );
    if (agents.profile) {
      output('AgentProfileArn', agents.profile.attrProfileArn, 'IAM Roles Anywhere profile for AgentRole');
    }
    output(
      'AgentPolicyArn',
      access.agentPolicy.managedPolicyArn,
      'POST /v1/events only; attached to AgentRole',
    );
    output('TrainerRoleArn', access.trainerRole.roleArn, 'Trainers assume this role to query');
    output('WorkgroupName', analytics.workgroupName, 'Athena workgroup for trainers');
    output('DatabaseName', catalog.databaseName, 'Glue database');
    output('TableName', releasedCatalog.releasedTableName, 'Glue table trainers query (the released zone)');
    output(
      'ReleaseReportTableName',
      releasedCatalog.reportTableName,
      'Glue table of release reports (counts only)',
    );
    output(
      'RawTableName',
      catalog.tableName,
      'Glue table of raw rows: machine-only, read by the release job',
    );
    output(
      'ReleaseStateMachineArn',
      release.stateMachineArn,
      'Start with {"dt":"yyyy-MM-dd"} to (re)release a day',
    );
    output('ReleaseFailedAlarmName', release.failedAlarm.alarmName, 'Alarm: a release run failed');
    output(
      'AlarmTopicArn',
      observability.topic.topic.topicArn,
      'Every alarm and privacy-guard notice; subscribe your paging tool (alarmEmail subscribes an address)',
    );
    output(
      'DashboardName',
      observability.dashboard.dashboard.dashboardName,
      'CloudWatch dashboard along the data flow',
    );
    output(
      'DataBucketName',
      storage.dataBucket.bucketName,
      'Raw rows (events/, machine-only), released zone (released/, release-reports/), Firehose errors',
    );
    output('ResultsBucketName', storage.resultsBucket.bucketName, 'Athena query results');
    output(
      'CollectionNoticeObject',
      notice.s3Uri,
      'What is collected and kept, for employees (private HTML): serve it from the intranet (a reader granted s3:GetObject on it) or share a presigned URL',
    );
    if (peopleDirectory) {
      output(
        'PeopleDirectoryObject',
        `s3://${storage.dataBucket.bucketName}/${peopleDirectory.objectKey}`,
        'Upload `npm run directory -- build` output here; the function reloads it',
      );
    }
  }
}
