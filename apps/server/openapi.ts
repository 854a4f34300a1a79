import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { LoadedPlugin } from '@clientele/core';

/** OpenAPI at /docs (UI) and /docs-json, covering core and every enabled plugin's routes. */
export function setupOpenApi(app: NestFastifyApplication, plugins: LoadedPlugin[]) {
  const config = new DocumentBuilder()
    .setTitle('Clientele API')
    .setDescription(`Customer base and service platform. Enabled plugins: ${plugins.map((p) => p.metadata.id).join(', ') || 'none'}.`)
    .setVersion('0.1.0')
    .addBearerAuth()
    .build();
  const document = SwaggerModule.createDocument(app, config);
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });
}
