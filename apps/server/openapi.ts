import { ROUTE_ARGS_METADATA } from '@nestjs/common/constants.js';
import { ModulesContainer } from '@nestjs/core';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { validationMetadatasToSchemas } from 'class-validator-jsonschema';
import { IS_PUBLIC, ROUTE_PERMISSION, type LoadedPlugin } from '@clientele/core';

const BODY = 3;
const QUERY = 4;

const errorBody = {
  type: 'object',
  required: ['statusCode', 'code', 'message'],
  properties: {
    statusCode: { type: 'integer' },
    code: { type: 'string', description: 'Stable error code, e.g. VALIDATION_FAILED, NOT_FOUND, VERSION_CONFLICT' },
    message: { type: 'string' },
    details: {
      type: 'array',
      items: {
        type: 'object',
        properties: { field: { type: 'string' }, code: { type: 'string' }, message: { type: 'string' } },
      },
    },
  },
};

const errorResponse = (description: string) => ({
  description,
  content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
});

/**
 * OpenAPI at /docs (UI) and /docs-json. DTO schemas come from the class-validator rules the
 * server enforces (one source of truth); query DTOs become parameters; every operation lists
 * its error responses and the permission it needs.
 */
export function setupOpenApi(app: NestFastifyApplication, plugins: LoadedPlugin[]) {
  const config = new DocumentBuilder()
    .setTitle('Clientele API')
    .setDescription(
      `Customer base and service platform. Enabled plugins: ${plugins.map((p) => p.metadata.id).join(', ') || 'none'}. Errors: see the Error schema; conventions in docs/api.md.`,
    )
    .setVersion('0.1.0')
    .addBearerAuth({
      type: 'http',
      scheme: 'bearer',
      description: 'A session token from POST /api/auth/login or an API key',
    })
    .build();
  const document = SwaggerModule.createDocument(app, config);
  enrich(app, document);
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });
}

function enrich(app: NestFastifyApplication, document: OpenAPIObject) {
  const schemas = validationMetadatasToSchemas({ refPointerPrefix: '#/components/schemas/' }) as Record<string, any>;
  document.components ??= {};
  document.components.schemas = { ...document.components.schemas, ...schemas, Error: errorBody };
  const operations = new Map<string, { method: string; path: string; op: any }>();
  for (const [path, item] of Object.entries(document.paths)) {
    for (const [method, op] of Object.entries(item as Record<string, any>))
      operations.set(op.operationId, { method, path, op });
  }
  for (const module of app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const controller = wrapper.metatype as Function | undefined;
      if (!controller?.prototype) continue;
      for (const name of Object.getOwnPropertyNames(controller.prototype)) {
        const found = operations.get(`${controller.name}_${name}`);
        if (!found) continue;
        describe(found, controller, name, schemas);
      }
    }
  }
}

function describe(
  { method, path, op }: { method: string; path: string; op: any },
  controller: Function,
  name: string,
  schemas: Record<string, any>,
) {
  const handler = controller.prototype[name];
  const args = Reflect.getMetadata(ROUTE_ARGS_METADATA, controller, name) ?? {};
  const types: Function[] = Reflect.getMetadata('design:paramtypes', controller.prototype, name) ?? [];
  for (const [key, arg] of Object.entries<any>(args)) {
    const kind = Number(key.split(':')[0]);
    const type = types[arg.index];
    if (kind === QUERY && !arg.data && type && schemas[type.name]) {
      for (const [param, schema] of Object.entries<any>(schemas[type.name].properties ?? {})) {
        if (op.parameters?.some((p: any) => p.name === param)) continue;
        op.parameters = [
          ...(op.parameters ?? []),
          {
            name: param,
            in: 'query',
            required: (schemas[type.name].required ?? []).includes(param),
            schema,
            ...(schema.type === 'object' ? { style: 'deepObject', explode: true } : {}),
          },
        ];
      }
    }
    if (kind === BODY && type && schemas[type.name] && !op.requestBody) {
      op.requestBody = {
        required: true,
        content: { 'application/json': { schema: { $ref: `#/components/schemas/${type.name}` } } },
      };
    }
  }
  const permission =
    Reflect.getMetadata(ROUTE_PERMISSION, handler) ?? Reflect.getMetadata(ROUTE_PERMISSION, controller);
  if (permission) {
    op['x-permission'] = permission.permission;
    op.description = [op.description, `Needs \`${permission.permission}\` ${permission.where}.`]
      .filter(Boolean)
      .join('\n\n');
  }
  const isPublic = Reflect.getMetadata(IS_PUBLIC, handler) ?? Reflect.getMetadata(IS_PUBLIC, controller);
  op.responses ??= {};
  const add = (status: number, description: string) => (op.responses[status] ??= errorResponse(description));
  if (op.requestBody || op.parameters?.length)
    add(400, 'VALIDATION_FAILED (details name the field), MALFORMED_JSON, INVALID_ID');
  if (!isPublic) add(401, 'UNAUTHORIZED: no, invalid, expired or revoked token');
  if (!isPublic && (method !== 'get' || permission))
    add(403, 'FORBIDDEN: the caller can see the record but may not do this, or holds the permission nowhere');
  if (path.includes('{')) add(404, 'NOT_FOUND: it does not exist or the caller may not see it');
  if (method === 'patch' || method === 'post') add(409, 'VERSION_CONFLICT (with currentVersion) or a uniqueness clash');
  if (op.requestBody) add(413, 'BODY_TOO_LARGE');
}
