// The framework floor: an empty NestJS app on Fastify (the adapter the hub uses) answering the
// same envelope as bare-server.mjs, with no guard, hooks or plugins. /execute's ratio to it says
// what the hub's own work costs; its ratio to bare node:http is the ceiling for any Nest route.
import 'reflect-metadata';

import { randomBytes } from 'node:crypto';

import { Body, Controller, HttpCode, Module, Post } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter } from '@nestjs/platform-fastify';

class ExecuteController {
  execute(request) {
    return {
      id: request?.id ?? randomBytes(16).toString('hex'),
      type: 'response',
      target: 'http',
      origin: 'bare-nest',
      _timestamp: Date.now() / 1000,
      response: { output: { success: true }, errors: [] },
    };
  }
}
// Decorators applied by hand: this file runs as plain JavaScript, without a TypeScript build.
const method = Object.getOwnPropertyDescriptor(ExecuteController.prototype, 'execute');
Body()(ExecuteController.prototype, 'execute', 0);
Reflect.decorate([Post(':path'), HttpCode(200)], ExecuteController.prototype, 'execute', method);
Reflect.decorate([Controller()], ExecuteController);

class BareModule {}
Reflect.decorate([Module({ controllers: [ExecuteController] })], BareModule);

const app = await NestFactory.create(BareModule, new FastifyAdapter(), { logger: false });
await app.listen(0, '127.0.0.1');
process.send?.({ port: app.getHttpServer().address().port });
process.on('SIGTERM', () => app.close().then(() => process.exit(0)));
