import { Global, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { DataSource } from 'typeorm';

import { HUB_CONFIG } from '@hub/config';

import { AuthController } from './auth.controller';
import { AuthGuard } from './auth.guard';
import { AuthService } from './auth.service';
import { LoginAuditController } from './login/login-audit.controller';
import { LoginAuditRepository } from './login/login-audit.repository';
import { PasswordLoginService } from './login/password-login.service';
import { AuthPagesController } from './pages/auth-pages.controller';
import { PlatypushAuth } from './platypush/platypush-auth';
import { Revocations } from './revocations';
import { SessionsRepository } from './sessions/sessions.repository';
import { SessionsService } from './sessions/sessions.service';
import { jwtOptions } from './tokens/jwt-options';
import { TokensController } from './tokens/tokens.controller';
import { TokensRepository } from './tokens/tokens.repository';
import { TokensService } from './tokens/tokens.service';
import { PasswordHasher } from './users/password.hasher';
import { RegistrationService } from './users/registration.service';
import { UsersController } from './users/users.controller';
import { UsersRepository } from './users/users.repository';
import { UsersService } from './users/users.service';

@Global()
@Module({
  imports: [JwtModule.registerAsync({ inject: [HUB_CONFIG, DataSource], useFactory: jwtOptions })],
  controllers: [AuthController, AuthPagesController, TokensController, UsersController, LoginAuditController],
  providers: [
    Revocations,
    PasswordHasher,
    UsersRepository,
    SessionsRepository,
    TokensRepository,
    LoginAuditRepository,
    UsersService,
    SessionsService,
    TokensService,
    PasswordLoginService,
    AuthService,
    PlatypushAuth,
    RegistrationService,
    { provide: APP_GUARD, useClass: AuthGuard },
  ],
  exports: [AuthService],
})
export class AuthModule {}
