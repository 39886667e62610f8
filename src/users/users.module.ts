import { Module } from '@nestjs/common';
import { PasswordHasher } from '../auth/password-hasher.js';
import { StationsModule } from '../stations/stations.module.js';
import { UsersController } from './users.controller.js';
import { UsersRepository } from './users.repository.js';
import { UsersService } from './users.service.js';

@Module({
  imports: [StationsModule],
  controllers: [UsersController],
  providers: [UsersRepository, UsersService, PasswordHasher],
  exports: [UsersRepository, UsersService, PasswordHasher],
})
export class UsersModule {}
