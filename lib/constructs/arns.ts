import { Stack } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';

/** The Glue ARNs a table-level permission names: the catalog, the table's database and the table. */
export interface GlueTableArns {
  readonly catalog: string;
  readonly database: string;
  readonly table: string;
}

/** ARN of a Glue table in the account's catalog, in the stack of `scope`. */
export function glueTableArn(scope: IConstruct, database: string, table: string): string {
  return Stack.of(scope).formatArn({
    service: 'glue',
    resource: 'table',
    resourceName: `${database}/${table}`,
  });
}

/** ARNs of the catalog, the database and the table: Glue checks all three on a table read. */
export function glueTableArns(scope: IConstruct, database: string, table: string): GlueTableArns {
  const stack = Stack.of(scope);
  return {
    catalog: stack.formatArn({ service: 'glue', resource: 'catalog' }),
    database: stack.formatArn({ service: 'glue', resource: 'database', resourceName: database }),
    table: glueTableArn(scope, database, table),
  };
}

/** The stack's Glue ARNs: catalog, database, the raw table and the released zone's two tables. */
export interface CatalogArns {
  readonly catalog: string;
  readonly database: string;
  readonly rawTable: string;
  readonly releasedTable: string;
  readonly reportTable: string;
}

/** ARN of an Athena workgroup, in the stack of `scope`. */
export function athenaWorkgroupArn(scope: IConstruct, workgroupName: string): string {
  return Stack.of(scope).formatArn({ service: 'athena', resource: 'workgroup', resourceName: workgroupName });
}
