import { z } from 'zod';
import { ERROR_CODES } from '../../../domain/errors';
import type { ErrorCode } from '../../../domain/errors';
import { SERVER_VERSION } from '../../infra/http/client-version';
import { defineOperation } from './operation';
import type { AdminOperation } from './operation';

/*
 * The admin API's OpenAPI 3.1 document, made from the operations the server registers: paths,
 * parameters, bodies and responses all come from the operations' zod schemas, so the document
 * says what the server really accepts and answers.
 */

type JsonSchema = Record<string, unknown>;

const ErrorBody = z.object({
  error: z.object({
    code: z.enum(Object.keys(ERROR_CODES) as [ErrorCode, ...ErrorCode[]]),
    message: z.string(),
    details: z
      .record(z.string(), z.string())
      .optional()
      .describe('For INVALID_INPUT: the offending field (e.g. body.name) and what is wrong'),
  }),
});

/** Failures every admin operation may answer, beside its own success: status, name, meaning. */
const ERROR_RESPONSES: readonly (readonly [string, string, string])[] = [
  [
    '400',
    'InvalidInput',
    'INVALID_INPUT: the input does not match the schema; `details` names each field',
  ],
  ['401', 'Unauthenticated', 'UNAUTHENTICATED: no admin token, or the wrong one'],
  ['404', 'NotFound', 'NOT_FOUND: no such store, or nothing with that id in the store'],
  [
    '409',
    'Conflict',
    'CONFLICT or IDEMPOTENCY_MISMATCH: the request disagrees with what is stored',
  ],
  ['422', 'BusinessRule', 'BUSINESS_RULE: well-formed but refused by a business rule'],
];

function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  const generated = z.toJSONSchema(schema, {
    io,
    target: 'draft-2020-12',
    unrepresentable: 'any',
  }) as JsonSchema;
  // The document declares its dialect once (OpenAPI 3.1 is JSON Schema 2020-12).
  delete generated.$schema;
  return generated;
}

function parameters(schema: z.ZodType | undefined, where: 'path' | 'query'): JsonSchema[] {
  if (!schema) return [];
  const object = jsonSchema(schema, 'input');
  const properties = (object.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set((object.required ?? []) as string[]);
  return Object.entries(properties).map(([name, property]) => {
    const { description, ...rest } = property;
    return {
      name,
      in: where,
      required: where === 'path' || required.has(name),
      ...(typeof description === 'string' ? { description } : {}),
      schema: rest,
    };
  });
}

function requestBody(op: AdminOperation): JsonSchema | undefined {
  if (op.bodyStream) {
    return {
      required: true,
      description: op.bodyStream.description,
      content: Object.fromEntries(
        op.bodyStream.contentTypes.map((type) => [type, { schema: { type: 'string' } }]),
      ),
    };
  }
  if (!op.body) return undefined;
  return {
    required: true,
    content: { 'application/json': { schema: jsonSchema(op.body, 'input') } },
  };
}

function operationObject(op: AdminOperation): JsonSchema {
  const body = requestBody(op);
  return {
    operationId: op.id,
    summary: op.summary,
    tags: [op.tag],
    parameters: [...parameters(op.params, 'path'), ...parameters(op.query, 'query')],
    ...(body ? { requestBody: body } : {}),
    responses: {
      [String(op.status ?? 200)]: {
        description: 'Success',
        content: { 'application/json': { schema: jsonSchema(op.response, 'output') } },
      },
      ...Object.fromEntries(
        ERROR_RESPONSES.map(([status, name]) => [
          status,
          { $ref: `#/components/responses/${name}` },
        ]),
      ),
    },
  };
}

/** `/api/admin/stores/:storeId` as OpenAPI writes it: `/api/admin/stores/{storeId}`. */
export function openApiPath(fastifyPath: string): string {
  return fastifyPath.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
}

export function openApiDocument(ops: readonly AdminOperation[]): JsonSchema {
  const paths: Record<string, Record<string, JsonSchema>> = {};
  const sorted = [...ops].sort((a, b) =>
    a.path === b.path ? a.method.localeCompare(b.method) : a.path.localeCompare(b.path),
  );
  for (const op of sorted) {
    const path = openApiPath(op.path);
    paths[path] = { ...paths[path], [op.method.toLowerCase()]: operationObject(op) };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'OpenTill admin API',
      version: SERVER_VERSION,
      description:
        'The back office API of the OpenTill sync server. Every operation needs the admin token as a bearer token.',
    },
    security: [{ adminToken: [] }],
    tags: [...new Set(sorted.map((op) => op.tag))].sort().map((name) => ({ name })),
    paths,
    components: {
      securitySchemes: { adminToken: { type: 'http', scheme: 'bearer' } },
      schemas: { Error: jsonSchema(ErrorBody, 'output') },
      responses: Object.fromEntries(
        ERROR_RESPONSES.map(([, name, description]) => [
          name,
          {
            description,
            content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
          },
        ]),
      ),
    },
  };
}

/** The committed file's bytes: two-space JSON and a final newline. */
export function renderOpenApi(ops: readonly AdminOperation[]): string {
  return `${JSON.stringify(openApiDocument(ops), null, 2)}\n`;
}

/** `GET /api/admin/openapi.json`: the document of every operation the server registered. */
export function openApiOperation(ops: () => readonly AdminOperation[]): AdminOperation {
  return defineOperation({
    method: 'GET',
    path: '/api/admin/openapi.json',
    id: 'getOpenApiDocument',
    summary: 'This OpenAPI 3.1 document',
    tag: 'meta',
    response: z.record(z.string(), z.unknown()),
    handler: async () => openApiDocument(ops()),
  });
}
