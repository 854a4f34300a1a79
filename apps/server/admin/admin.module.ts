import { Module } from '@nestjs/common';
import { AdminController } from './admin.controller.js';
import { AdminWidgetsController } from './admin-widgets.controller.js';
import { AdminService } from './admin.service.js';

/** The generated admin UI at /admin. */
@Module({ controllers: [AdminController, AdminWidgetsController], providers: [AdminService] })
export class AdminModule {}
