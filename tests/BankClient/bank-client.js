'use strict';
// A partner bank that knows nothing of SmePlatform but its published OpenAPI document.
//
// Every bank call goes through openapi-client-axios by the document's operationId, with parameters (path, query and the
// Idempotency-Key header) placed where the document says; every response body is validated with ajv against the schema
// the document declares for that operation and status code, and a status the document does not declare is a violation.
// Nothing here hard-codes a bank path or a bank schema.
//
// The fund's side (an examiner assigning, asking, deciding; staff recording the fee and paying a claim) is not in the bank
// document. Those few calls are listed explicitly in `fund` below, with the examiner token, and kept apart.
//
// Usage: node bank-client.js <lifecycle|default|isolation>
// Environment: GATEWAY_URL, BANK_TOKEN, OTHER_BANK_TOKEN (isolation), EXAMINER_TOKEN, USCC; BANK_CLIENT_DUMP_DIR (optional: writes
// the document and the run there).
// Output (stdout): one JSON object { document, steps: [{ step, operationId, status, replayed, body }], violations: [] }.
// The C# test (tests/Platform.Tests/BankOpenApiClientTests.cs) asserts on it. Exit code 0 unless the script itself broke.

const crypto = require('node:crypto');
const axios = require('axios');
const { OpenAPIClientAxios } = require('openapi-client-axios');
const Ajv2020 = require('ajv/dist/2020').default;
const AjvDraft7 = require('ajv').default;
const addFormats = require('ajv-formats').default;

const env = (name, required = true) => {
  const value = process.env[name];
  if (required && !value) {
    throw new Error(`${name} is not set`);
  }
  return value;
};

const gateway = env('GATEWAY_URL').replace(/\/$/, '');
// Where the guide (docs/partner-bank-api.md) says the contract is; the only bank URL this script knows.
const documentUrl = `${gateway}/api/bank/v1/openapi.json`;

const steps = [];
const violations = [];

async function loadDocument() {
  const response = await axios.get(documentUrl, { validateStatus: () => true });
  if (response.status !== 200) {
    throw new Error(`GET ${documentUrl}: ${response.status}`);
  }
  return response.data;
}

/** ajv over the document's own schemas: `#/components/...` references resolve inside the document. */
function createValidator(document) {
  // OpenAPI 3.1 schemas are JSON Schema 2020-12; 3.0 ones are (close to) draft 7.
  const Ajv = document.openapi.startsWith('3.1') ? Ajv2020 : AjvDraft7;
  const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: true });
  addFormats(ajv);
  // OpenAPI's numeric formats say how wide a number is, not what it looks like.
  for (const format of ['int32', 'int64', 'float', 'double', 'decimal']) {
    ajv.addFormat(format, true);
  }
  ajv.addSchema({ $id: 'bank-api', components: document.components ?? {} });
  const compiled = new Map();
  const rebase = (schema) => JSON.parse(JSON.stringify(schema).replaceAll('"$ref":"#/', '"$ref":"bank-api#/'));

  return (operationId, status, contentType, body) => {
    const operation = findOperation(document, operationId);
    const response = operation.responses?.[String(status)] ?? operation.responses?.default;
    if (!response) {
      return [`${operationId}: status ${status} is not in the document (documented: ${Object.keys(operation.responses ?? {}).join(', ')})`];
    }
    const content = response.content ?? {};
    const mediaTypes = Object.keys(content);
    if (mediaTypes.length === 0) {
      return body === '' || body === undefined || body === null ? [] : [`${operationId} ${status}: a body the document does not describe`];
    }
    const mediaType = (contentType ?? '').split(';')[0].trim();
    const media = content[mediaType];
    if (!media) {
      return [`${operationId} ${status}: content type '${mediaType}' is not in the document (${mediaTypes.join(', ')})`];
    }
    if (!media.schema) {
      return [`${operationId} ${status}: no schema for ${mediaType}`];
    }
    const key = `${operationId} ${status} ${mediaType}`;
    if (!compiled.has(key)) {
      compiled.set(key, ajv.compile(rebase(media.schema)));
    }
    const validate = compiled.get(key);
    return validate(body) ? [] : validate.errors.map((e) => `${key}: ${e.instancePath || '/'} ${e.message} ${JSON.stringify(e.params)}`);
  };
}

function findOperation(document, operationId) {
  for (const item of Object.values(document.paths ?? {})) {
    for (const operation of Object.values(item)) {
      if (operation && operation.operationId === operationId) {
        return operation;
      }
    }
  }
  throw new Error(`operationId ${operationId} is not in the document`);
}

function serverOf(document) {
  return new URL(document.servers?.[0]?.url ?? '/', documentUrl).toString().replace(/\/$/, '');
}

/** A bank: an openapi-client-axios client over the document with the bank's token. */
async function bankClient(document, validate, token, name) {
  const api = new OpenAPIClientAxios({
    // A copy: the client dereferences it in place, the validator wants the original references.
    definition: structuredClone(document),
    // Where the document says the API is, resolved against where the document came from (OpenAPI: a relative server
    // URL is relative to the document's location).
    withServer: { url: serverOf(document) },
    axiosConfigDefaults: {
      headers: { Authorization: `Bearer ${token}` },
      validateStatus: () => true,
      // Keep the body as sent, so it is validated as the bank received it.
      transformResponse: [(data) => data],
    },
  });
  const client = await api.init();

  return async (step, operationId, parameters, body) => {
    if (typeof client[operationId] !== 'function') {
      throw new Error(`operationId ${operationId} is not in the document`);
    }
    const response = await client[operationId](parameters ?? null, body);
    const text = typeof response.data === 'string' ? response.data : '';
    let json;
    try {
      json = text.length > 0 ? JSON.parse(text) : null;
    } catch {
      violations.push(`${step}: ${operationId} answered ${response.status} with a body that is not JSON: ${text.slice(0, 200)}`);
    }
    for (const v of validate(operationId, response.status, response.headers['content-type'], json ?? text)) {
      violations.push(`${step} (${name}): ${v}`);
    }
    const record = {
      step,
      bank: name,
      operationId,
      status: response.status,
      replayed: response.headers['idempotent-replayed'] ?? null,
      body: json,
    };
    steps.push(record);
    return record;
  };
}

/** The fund's side: not in the bank document, so named here explicitly (the examiner API through the gateway). */
function fundClient(token) {
  const post = async (step, path, body) => {
    const response = await axios.post(`${gateway}${path}`, body ?? {}, {
      headers: { Authorization: `Bearer ${token}` },
      validateStatus: () => true,
    });
    steps.push({ step, fund: true, path, status: response.status, body: response.data });
    return response;
  };
  const applications = '/api/guarantee/applications';
  return {
    assign: (step, id) => post(step, `${applications}/${id}/assignment`, {}),
    decide: (step, id, decision) => post(step, `${applications}/${id}/decision`, decision),
    feeReceived: (step, id) => post(step, `${applications}/${id}/fee-received`, {}),
    payClaim: (step, id) => post(step, `${applications}/${id}/claim-payment`, {}),
  };
}

const newKey = () => crypto.randomUUID();
const daysAgo = (days) => new Date(Date.now() - days * 86_400_000).toISOString().slice(0, 10);
const yesterday = () => daysAgo(1);

function statement(fiscalYear, sales, operatingProfit, netProfit, depreciation, receivables, inventory, payables, cash, borrowings, totalAssets, netAssets) {
  return { fiscalYear, sales, operatingProfit, netProfit, depreciation, receivables, inventory, payables, cash, borrowings, totalAssets, netAssets };
}

/** Worked example 2 of docs/guarantee-rules.md (CNY 1,200,000; coverage 85%; fee CNY 7,344.00). */
function application(uscc) {
  return {
    applicationKey: `BANKCLIENT-${crypto.randomBytes(5).toString('hex')}`,
    uscc,
    loanAmount: 1200000,
    termMonths: 24,
    purpose: 'equipment',
    programme: 'standard',
    instalments: { type: 'equal_instalments', instalments: 24 },
    requestedCoverage: 0.9,
    collateral: [{ type: 'intellectual_property', description: 'Invention patent', value: 800000 }],
    financialStatements: [
      statement(2023, 10000000, 600000, 400000, 200000, 1500000, 1000000, 800000, 500000, 2000000, 8000000, 2400000),
      statement(2024, 11000000, 700000, 480000, 220000, 1600000, 1100000, 850000, 600000, 2000000, 8500000, 2880000),
      statement(2025, 12000000, 800000, 560000, 240000, 1700000, 1150000, 900000, 900000, 2100000, 9000000, 3440000),
    ],
    consent: { useDiagnosis: false, useCounsellingHistory: false },
  };
}

/** Submits with a fresh key; the register may be briefly away (503: nothing stored, the key unused), so retry as told. */
async function submit(bank, step, body, key = newKey()) {
  for (let attempt = 0; ; attempt++) {
    const result = await bank(step, 'SubmitApplication', { 'Idempotency-Key': key }, body);
    if (result.status !== 503 || attempt >= 10) {
      return { ...result, key };
    }
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}

async function approvedAndDisbursed(bank, fund, uscc, prefix) {
  const submitted = await submit(bank, `${prefix}submit`, application(uscc));
  const id = submitted.body?.id;
  await fund.assign(`${prefix}assign`, id);
  await fund.decide(`${prefix}approve`, id, { outcome: 'approve' });
  // Disbursed 90 days ago: a loan is never more days past due than it has existed, so the default scenario can default.
  await bank(`${prefix}disburse`, 'ReportDisbursement', { id, 'Idempotency-Key': newKey() }, { amount: 1200000, disbursedOn: daysAgo(90) });
  await fund.feeReceived(`${prefix}fee-received`, id);
  return id;
}

const scenarios = {
  /** Submit (twice with one key; another body with that key), screened, asked, answers, approved with reasons, disbursed, repaid. */
  async lifecycle(document, validate) {
    const bank = await bankClient(document, validate, env('BANK_TOKEN'), 'bank');
    const fund = fundClient(env('EXAMINER_TOKEN'));
    const body = application(env('USCC'));

    const first = await submit(bank, 'submit', body);
    const id = first.body?.id;
    await submit(bank, 'submit-again', body, first.key);
    await submit(bank, 'submit-other-body-same-key', { ...body, loanAmount: 1100000 }, first.key);
    await bank('read-screened', 'GetApplication', { id });

    await fund.assign('assign', id);
    await fund.decide('request-information', id, { outcome: 'request_information', question: 'Send the audited 2025 statements.' });
    await bank('read-question', 'GetApplication', { id });
    await bank('answer', 'AnswerInformationRequest', { id, 'Idempotency-Key': newKey() }, { answer: 'Audited 2025 statements sent, reference AUD-2025-17.' });

    await fund.decide('approve', id, { outcome: 'approve' });
    await bank('read-approved', 'GetApplication', { id });
    await bank('list-approved', 'ListApplications', { status: 'approved', limit: 200 });

    await bank('disburse', 'ReportDisbursement', { id, 'Idempotency-Key': newKey() }, { amount: 1200000, disbursedOn: yesterday() });
    await fund.feeReceived('fee-received', id);
    await bank('repay-part', 'ReportRepayment', { id, 'Idempotency-Key': newKey() }, { amount: 200000, paidOn: yesterday(), outstandingAfter: 1000000 });
    await bank('repay-rest', 'ReportRepayment', { id, 'Idempotency-Key': newKey() }, { amount: 1000000, paidOn: yesterday(), outstandingAfter: 0 });
    await bank('read-repaid', 'GetApplication', { id });
  },

  /** An active guarantee defaults (59 days refused, 60 accepted), the bank claims, the fund pays, the bank books a recovery. */
  async default(document, validate) {
    const bank = await bankClient(document, validate, env('BANK_TOKEN'), 'bank');
    const fund = fundClient(env('EXAMINER_TOKEN'));
    const id = await approvedAndDisbursed(bank, fund, env('USCC'), '');

    await bank('default-below-trigger', 'ReportDefault', { id, 'Idempotency-Key': newKey() }, { daysPastDue: 59, outstanding: 900000 });
    await bank('default', 'ReportDefault', { id, 'Idempotency-Key': newKey() }, { daysPastDue: 60, outstanding: 900000 });
    await bank('claim-too-much', 'FileClaim', { id, 'Idempotency-Key': newKey() }, { amount: 765000.01 });
    await bank('claim', 'FileClaim', { id, 'Idempotency-Key': newKey() }, { amount: 765000 });
    await fund.payClaim('pay-claim', id);
    await bank('read-claim-paid', 'GetApplication', { id });
    await bank('recovery', 'ReportRecovery', { id, 'Idempotency-Key': newKey() }, { amount: 300000, receivedOn: yesterday() });
  },

  /** Bank B asks for bank A's application and guarantee: 404, exactly like an id that does not exist; nothing in its lists. */
  async isolation(document, validate) {
    const bankA = await bankClient(document, validate, env('BANK_TOKEN'), 'bank-a');
    const bankB = await bankClient(document, validate, env('OTHER_BANK_TOKEN'), 'bank-b');
    const submitted = await submit(bankA, 'a-submit', application(env('USCC')));
    const id = submitted.body?.id;

    await bankA('a-read', 'GetApplication', { id });
    await bankB('b-read', 'GetApplication', { id });
    await bankB('b-read-unknown', 'GetApplication', { id: crypto.randomUUID() });
    await bankB('b-answer', 'AnswerInformationRequest', { id, 'Idempotency-Key': newKey() }, { answer: 'Not mine.' });
    await bankB('b-repay', 'ReportRepayment', { id, 'Idempotency-Key': newKey() }, { amount: 1, paidOn: yesterday(), outstandingAfter: 0 });

    // Every page of bank B's list, following nextCursor as the document says.
    const seen = [];
    let cursor;
    for (let page = 0; page < 100; page++) {
      const listed = await bankB(`b-list-${page}`, 'ListApplications', cursor ? { cursor, limit: 200 } : { limit: 200 });
      seen.push(...(listed.body?.items ?? []).map((item) => item.id));
      cursor = listed.body?.nextCursor;
      if (!cursor) {
        break;
      }
    }
    steps.push({ step: 'b-listed-ids', ids: seen });
    await bankA('a-list', 'ListApplications', { limit: 200, updatedSince: new Date(Date.now() - 3_600_000).toISOString() });
  },
};

async function main() {
  const name = process.argv[2];
  const scenario = scenarios[name];
  if (!scenario) {
    throw new Error(`scenario must be one of ${Object.keys(scenarios).join(', ')}`);
  }
  const document = await loadDocument();
  const validate = createValidator(document);
  await scenario(document, validate);
  const output = JSON.stringify({ document: { openapi: document.openapi, servers: document.servers ?? null, server: serverOf(document) }, steps, violations });
  // For a developer reading a failure: the document as served and everything seen, side by side.
  const dump = env('BANK_CLIENT_DUMP_DIR', false);
  if (dump) {
    require('node:fs').writeFileSync(`${dump}/openapi.json`, JSON.stringify(document, null, 2));
    require('node:fs').writeFileSync(`${dump}/${name}.json`, JSON.stringify(JSON.parse(output), null, 2));
  }
  process.stdout.write(output);
}

main().catch((error) => {
  process.stderr.write(`${error.stack ?? error}\n`);
  process.stdout.write(JSON.stringify({ steps, violations, error: String(error) }));
  process.exit(1);
});
