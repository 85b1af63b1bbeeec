import { RemovalPolicy, Stack } from 'aws-cdk-lib';
import type * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import type * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';
import { fixLogicalId } from './logical-ids.ts';

/** The AWS services that publish to the topic: alarms (CloudWatch) and guard rules (EventBridge). */
const PUBLISHERS = [
  { service: 'cloudwatch.amazonaws.com', sourceArn: 'alarm:*', sid: 'CloudWatchAlarmsOfThisAccount' },
  { service: 'events.amazonaws.com', sourceArn: 'rule/*', sid: 'EventBridgeRulesOfThisAccount' },
] as const;

export interface AlarmTopicProps {
  /** An address subscribed by email (it must confirm the subscription). @default no subscription */
  readonly email?: string | null;
}

/**
 * The one place every alarm and privacy-guard notice goes: an SNS topic encrypted with its own
 * customer-managed key, TLS only, which CloudWatch alarms and EventBridge rules of this account (and
 * nothing else outside it) may publish to. Notices carry metric states and API-call metadata, never
 * event content.
 */
export class AlarmTopic extends Construct {
  readonly key: kms.Key;
  readonly topic: sns.Topic;

  constructor(scope: Construct, id: string, props: AlarmTopicProps = {}) {
    super(scope, id);
    const stack = Stack.of(this);
    this.key = new kms.Key(this, 'Key', {
      description: 'activity-ingest: encrypts the alarm topic (alarm and guard notices only)',
      enableKeyRotation: true,
      // Notices are transient: nothing stored needs this key after the topic is gone.
      removalPolicy: RemovalPolicy.DESTROY,
    });
    // Like every key of the stack, pinned: a refactor must not swap the key under a live topic.
    fixLogicalId(this.key, 'AlarmTopicKey');
    this.topic = new sns.Topic(this, 'Topic', {
      displayName: 'activity-ingest alarms',
      masterKey: this.key,
      enforceSSL: true,
    });

    for (const { service, sourceArn, sid } of PUBLISHERS) {
      const principal = new iam.ServicePrincipal(service);
      this.topic.addToResourcePolicy(
        new iam.PolicyStatement({
          sid,
          principals: [principal],
          actions: ['sns:Publish'],
          resources: [this.topic.topicArn],
          conditions: {
            StringEquals: { 'aws:SourceAccount': stack.account },
            ArnLike: {
              'aws:SourceArn': stack.formatArn({
                service: service.split('.')[0] as string,
                resource: sourceArn,
              }),
            },
          },
        }),
      );
      // SNS encrypts what these services publish with the topic's key, on their behalf.
      this.key.addToResourcePolicy(
        new iam.PolicyStatement({
          principals: [principal],
          actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
          resources: ['*'],
        }),
      );
    }

    if (props.email) this.topic.addSubscription(new subscriptions.EmailSubscription(props.email));
  }

  /** Sends the alarm's state changes (to ALARM and back to OK) to the topic. */
  notify(...alarms: cloudwatch.Alarm[]): void {
    const action = new actions.SnsAction(this.topic);
    for (const alarm of alarms) {
      alarm.addAlarmAction(action);
      alarm.addOkAction(action);
    }
  }

  /**
   * An EventBridge target that publishes `message` to the topic. The topic policy above already lets
   * this account's rules publish, so unlike the stock SnsTopic target no unconditioned grant is added.
   */
  ruleTarget(message: events.RuleTargetInput): events.IRuleTarget {
    const topicArn = this.topic.topicArn;
    return { bind: () => ({ arn: topicArn, input: message }) };
  }
}
