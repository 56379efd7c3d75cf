/**
 * The Maven CRM sample (../shared/datasets/maven-crm), imported through the importer as a user
 * would: people (offices, a team per manager), products, accounts, a pipeline with Maven's stages,
 * and the 8,800 deals. Tests that use it skip when the dataset is not beside the repository.
 */
import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'vitest';
import type { TestOrg } from './factories.ts';
import type { Agent } from './harness.ts';

export const MAVEN_DIR = path.resolve(import.meta.dirname, '../../../../shared/datasets/maven-crm');
export const mavenAvailable = fs.existsSync(MAVEN_DIR);

export function readMaven(file: string): Buffer {
  return fs.readFileSync(path.join(MAVEN_DIR, file));
}

export function uploadCsv(
  agent: Agent,
  kind: string,
  csv: string | Buffer,
  query: Record<string, string> = {},
) {
  const qs = new URLSearchParams(query).toString();
  return agent.request({
    method: 'POST',
    url: `/api/imports/${kind}${qs ? `?${qs}` : ''}`,
    payload: csv,
    headers: { 'content-type': 'text/csv' },
  });
}

/** People, products, accounts and the Maven pipeline; returns the pipeline (deals are up to the test). */
export async function importMavenBase(org: TestOrg) {
  const steps: [string, string, Record<string, string>][] = [
    ['people', 'sales_teams.csv', { membersFrom: '2016-01-01' }],
    ['products', 'products.csv', {}],
    ['accounts', 'accounts.csv', {}],
  ];
  for (const [kind, file, extra] of steps) {
    const res = await uploadCsv(org.admin, kind, readMaven(file), {
      preset: 'maven',
      dryRun: 'false',
      ...extra,
    });
    expect(res.statusCode, `${kind}: ${res.body.slice(0, 500)}`).toBe(200);
  }
  const pipeline = await org.admin.post('/api/pipelines', {
    name: 'Maven',
    stages: [
      { name: 'Prospecting', probability: 10 },
      { name: 'Engaging', probability: 40 },
      { name: 'Won', kind: 'won', probability: 100 },
      { name: 'Lost', kind: 'lost', probability: 0 },
    ],
  });
  expect(pipeline.statusCode).toBe(201);
  return pipeline.json() as { id: string };
}

/** Everything, deals included. */
export async function importMaven(org: TestOrg) {
  const pipeline = await importMavenBase(org);
  const res = await uploadCsv(org.admin, 'deals', readMaven('sales_pipeline.csv'), {
    preset: 'maven',
    pipelineId: pipeline.id,
    dryRun: 'false',
  });
  expect(res.statusCode, res.body.slice(0, 500)).toBe(200);
  return pipeline;
}
